#include "harness/spec/draw.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>

#include "harness/base/seed.h"
#include "harness/spec/given_files.h"
#include "harness/spec/named_draws.h"

namespace netgrade::spec {
namespace {

// Short, common, plain ASCII words: what a person would type to try a capitalize server.
const char* const kWords[] = {
    "apple",  "river",  "stone",   "cloud",    "green",  "happy",  "table",   "music",  "light",
    "paper",  "water",  "house",   "bread",    "chair",  "dream",  "earth",   "field",  "glass",
    "heart",  "island", "juice",   "knife",    "lemon",  "money",  "night",   "ocean",  "piano",
    "queen",  "radio",  "sugar",   "tiger",    "uncle",  "voice",  "wheel",   "young",  "zebra",
    "orange", "planet", "garden",  "window",   "silver", "forest", "bridge",  "candle", "dinner",
    "engine", "flower", "guitar",  "hammer",   "jacket", "kitten", "ladder",  "market", "needle",
    "pencil", "rabbit", "socket",  "ticket",   "violet", "winter", "yellow",  "animal", "basket",
    "cactus", "desert", "empire",  "falcon",   "gentle", "harbor", "insect",  "jungle", "kernel",
    "lizard", "meadow", "nickel",  "oyster",   "parrot", "quartz", "rocket",  "salmon", "tunnel",
    "velvet", "walnut", "anchor",  "banana",   "copper", "dragon", "feather", "gravel", "honey",
    "ivory",  "jelly",  "koala",   "lantern",  "marble", "nectar", "olive",   "pepper", "quiet",
    "raven",  "saddle", "thunder", "umbrella", "valley", "whale",  "yogurt",  "zipper", "acorn",
    "blue",   "cat",    "dog",     "egg",      "fox",    "go",     "hat",     "ink",    "jam",
    "key",    "lamp",   "map",     "net",      "owl",    "pen",    "red",     "sun",    "tea",
    "up",     "van",    "web",     "box",      "yes",    "zoo",    "port",    "send",   "reply",
    "hello",  "world",  "fast",    "slow",     "early",  "late",   "north",   "south",  "east",
    "west",   "bright", "calm",    "dark",     "eager",  "fancy",  "grand",   "humble", "icy",
    "jolly",  "kind",   "lucky",   "merry",    "noble",  "odd",    "proud",   "quick",  "rare",
    "shy",    "tall",   "vast",    "warm",     "wise",   "zesty",  "seven",   "three",  "ninety",
};
constexpr size_t kWordCount = sizeof kWords / sizeof kWords[0];

const std::vector<std::string> kKeys = {"draw", "count", "letters", "bytes", "from", "to"};

// A stream of numbers from one seed (SplitMix64).
class Stream {
 public:
  explicit Stream(uint64_t seed) : state_(seed) {}
  uint64_t Next() { return SplitMix(state_ += 0x9e3779b97f4a7c15ull); }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }

 private:
  uint64_t state_;
};

void ApplyLetters(Draw::Letters letters, Stream& s, std::string* word) {
  for (size_t i = 0; i < word->size(); ++i) {
    char& c = (*word)[i];
    bool upper = letters == Draw::Letters::kUpper || (letters == Draw::Letters::kTitle && i == 0) ||
                 (letters == Draw::Letters::kMixed && s.Next() % 2 == 0);
    if (upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
}

const char* LettersName(Draw::Letters l) {
  switch (l) {
    case Draw::Letters::kLower:
      return "lower case";
    case Draw::Letters::kUpper:
      return "upper case";
    case Draw::Letters::kTitle:
      return "title case";
    case Draw::Letters::kMixed:
      break;
  }
  return "mixed letters";
}

}  // namespace

const std::vector<std::string>& DrawKeys() { return kKeys; }

std::optional<Draw> LoadDraw(const YAML::Node& n, YamlReader& r) {
  if (!r.Map(n, "a drawn message", kKeys)) return std::nullopt;
  Draw d;
  d.mark = YamlReader::MarkOf(n);
  auto kind = r.Enum(n["draw"], "draw", {"words", "number", "host", "ipv4"});
  if (!kind) return std::nullopt;
  d.kind = *kind == "words"    ? Draw::Kind::kWords
           : *kind == "number" ? Draw::Kind::kNumber
           : *kind == "host"   ? Draw::Kind::kHost
                               : Draw::Kind::kIpv4;
  bool ok = true;
  if (d.kind == Draw::Kind::kHost || d.kind == Draw::Kind::kIpv4) {
    for (const char* k : {"count", "letters", "bytes", "from", "to"})
      if (n[k]) {
        r.Error(n[k],
                fmt::format("'{}' is not a key of a drawn {}: it takes no other key", k, *kind));
        ok = false;
      }
    if (!ok) return std::nullopt;
    return d;
  }
  const std::vector<const char*> word_keys = {"count", "letters", "bytes"};
  const std::vector<const char*> number_keys = {"from", "to"};
  for (const char* k : d.kind == Draw::Kind::kWords ? number_keys : word_keys)
    if (n[k]) {
      r.Error(n[k], fmt::format("'{}' is not a key of a drawn {}", k, *kind));
      ok = false;
    }
  if (!ok) return std::nullopt;
  if (d.kind == Draw::Kind::kNumber) {
    if (n["from"]) {
      auto v = r.Integer(n["from"], "from", -1'000'000'000, 1'000'000'000);
      if (!v) return std::nullopt;
      d.from = *v;
    }
    if (n["to"]) {
      auto v = r.Integer(n["to"], "to", -1'000'000'000, 1'000'000'000);
      if (!v) return std::nullopt;
      d.to = *v;
    }
    if (d.to < d.from) {
      r.Error(n, fmt::format("'to' ({}) is below 'from' ({})", d.to, d.from));
      return std::nullopt;
    }
    return d;
  }
  if (const YAML::Node& c = n["count"]) {
    if (c.IsSequence() && c.size() == 2) {
      auto lo = r.Integer(c[0], "count", 1, 1000), hi = r.Integer(c[1], "count", 1, 1000);
      if (!lo || !hi) return std::nullopt;
      if (*hi < *lo) {
        r.Error(c, fmt::format("count [{}, {}]: the second is the most words, not below the first",
                               *lo, *hi));
        return std::nullopt;
      }
      d.min_words = static_cast<int>(*lo), d.max_words = static_cast<int>(*hi);
    } else {
      auto v = r.Integer(c, "count", 1, 1000);
      if (!v) return std::nullopt;
      d.min_words = d.max_words = static_cast<int>(*v);
    }
  }
  if (n["bytes"]) {
    if (n["count"]) {
      r.Error(n["bytes"], "give 'count' (words) or 'bytes' (a line of that length), not both");
      return std::nullopt;
    }
    auto v = r.Integer(n["bytes"], "bytes", 1, 1 << 20);
    if (!v) return std::nullopt;
    d.bytes = *v;
  }
  if (n["letters"]) {
    auto v = r.Enum(n["letters"], "letters", {"lower", "upper", "mixed", "title"});
    if (!v) return std::nullopt;
    d.letters = *v == "lower"   ? Draw::Letters::kLower
                : *v == "upper" ? Draw::Letters::kUpper
                : *v == "title" ? Draw::Letters::kTitle
                                : Draw::Letters::kMixed;
  }
  return d;
}

std::string DescribeDraw(const Draw& d) {
  if (d.kind == Draw::Kind::kHost)
    return "a host name in lower case (such as kelp-river.example.org), drawn from the seed";
  if (d.kind == Draw::Kind::kIpv4)
    return "an IPv4 address of the documentation ranges (192.0.2.x, 198.51.100.x, 203.0.113.x), "
           "drawn from the seed";
  if (d.kind == Draw::Kind::kNumber)
    return fmt::format("a number from {} to {}, drawn from the seed", d.from, d.to);
  if (d.bytes > 0)
    return fmt::format("a line of {} bytes of words in {}, drawn from the seed", d.bytes,
                       LettersName(d.letters));
  std::string count = d.min_words == d.max_words
                          ? fmt::format("{} word{}", d.min_words, d.min_words == 1 ? "" : "s")
                          : fmt::format("{} to {} words", d.min_words, d.max_words);
  return fmt::format("{} in {}, drawn from the seed", count, LettersName(d.letters));
}

size_t MostBytes(const Draw& d) {
  if (d.kind == Draw::Kind::kHost) return 2 * 8 + 1 + 12;
  if (d.kind == Draw::Kind::kIpv4) return 15;
  if (d.kind == Draw::Kind::kNumber) return 12;
  if (d.bytes > 0) return static_cast<size_t>(d.bytes);
  return static_cast<size_t>(d.max_words) * 9;  // the longest word and a space
}

std::string DrawText(const Draw& d, uint64_t seed) {
  Stream s(seed);
  if (d.kind == Draw::Kind::kNumber) return std::to_string(s.Between(d.from, d.to));
  if (d.kind == Draw::Kind::kHost) {
    // Two words of letters alone (no "ink" twice: the labels differ), and a zone that is
    // reserved for examples and tests (RFC 2606), so no name is anyone's real host.
    static const char* const kZones[] = {"example.org", "example.com", "example.net", "test"};
    auto letters_only = [&] {
      while (true) {
        std::string w = kWords[s.Next() % kWordCount];
        if (w.size() >= 3) return w;
      }
    };
    std::string first = letters_only(), second = letters_only();
    while (second == first) second = letters_only();
    return first + "-" + second + "." + kZones[s.Next() % 4];
  }
  if (d.kind == Draw::Kind::kIpv4) {
    // TEST-NET-1, -2 and -3 (RFC 5737): never a real machine's, never this one's.
    static const char* const kNets[] = {"192.0.2", "198.51.100", "203.0.113"};
    const char* net = kNets[s.Next() % 3];
    return fmt::format("{}.{}", net, s.Between(1, 254));
  }
  std::string text;
  auto add_word = [&] {
    std::string w = kWords[s.Next() % kWordCount];
    ApplyLetters(d.letters, s, &w);
    if (!text.empty()) text += ' ';
    text += w;
  };
  if (d.bytes > 0) {
    while (text.size() < static_cast<size_t>(d.bytes)) add_word();
    text.resize(static_cast<size_t>(d.bytes));
    if (text.back() == ' ') text.back() = '.';
  } else {
    for (int64_t i = 0, n = s.Between(d.min_words, d.max_words); i < n; ++i) add_word();
  }
  // Mixed letters that came out all upper case would make an upper-casing server's answer
  // equal to its input: one letter is made lower case.
  if (d.letters == Draw::Letters::kMixed &&
      std::none_of(text.begin(), text.end(), [](char c) { return std::islower(c); }))
    for (char& c : text)
      if (std::isalpha(static_cast<unsigned char>(c))) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        break;
      }
  return text;
}

Spec DrawMessages(const Spec& spec, uint64_t run_seed) {
  Spec out = spec;
  // The named values (`draws:`), the same in every case and file: first, so that a file's
  // line and a step's {file:PATH} hold them as drawn.
  FillNamedDraws(&out, run_seed);
  // A drawn file: one line, from the run's seed and its path (the same in every case).
  for (GivenFile& f : out.files) {
    if (f.draw)
      f.content =
          DrawText(*f.draw, SplitMix(run_seed + NameHash(f.path)) ^ 0x66696c65ull) +  // "file"
          "\n";
    if (f.drawn_bytes)
      f.content = DrawnBytes(*f.drawn_bytes,
                             SplitMix(run_seed + NameHash(f.path)) ^ 0x62797465ull);  // "byte"
  }
  for (Case& c : out.cases) {
    const uint64_t case_seed = SplitMix(run_seed + NameHash(c.name)) ^ 0x64726177ull;  // "draw"
    // A message's place: its list (a connection, or stdin) and its index there.
    auto draw = [&](uint64_t list_place, std::vector<std::string>* list,
                    const std::vector<DrawAt>& draws) {
      for (const DrawAt& d : draws)
        if (d.at < list->size())
          (*list)[d.at] = DrawText(d.draw, SplitMix(case_seed + (list_place << 24) + d.at));
    };
    for (size_t i = 0; i < c.peer.connections.size(); ++i)
      draw(i + 1, &c.peer.connections[i].send, c.peer.connections[i].draws);
    draw(0, &c.stdin_lines, c.stdin_draws);
    // A script's steps: past every list's place.
    for (size_t i = 0; i < c.script.size(); ++i)
      if (c.script[i].draw)
        c.script[i].text =
            DrawText(*c.script[i].draw, SplitMix(case_seed + (uint64_t{1} << 48) + i));
    // What the program must have read from a given file (`{file:PATH}`), and the bytes of
    // the files a step sends or expects (`file: PATH`).
    for (Step& s : c.script) {
      if (s.action == Step::Action::kExpect && s.answer.kind == Answer::Kind::kExact)
        s.answer.text = FillFileRefs(s.answer.text, out.files);
      if (SendsFileText(s)) s.text = FillFileRefs(s.text, out.files);
      FillFileBytes(&s, out.files);
    }
  }
  return out;
}

bool DrawsMessages(const Spec& spec) {
  if (!spec.named_draws.empty()) return true;
  if (std::any_of(spec.files.begin(), spec.files.end(),
                  [](const GivenFile& f) { return f.draw || f.drawn_bytes; }))
    return true;
  return std::any_of(spec.cases.begin(), spec.cases.end(), [](const Case& c) {
    return !c.stdin_draws.empty() ||
           std::any_of(c.script.begin(), c.script.end(),
                       [](const Step& s) { return s.draw.has_value(); }) ||
           std::any_of(c.peer.connections.begin(), c.peer.connections.end(),
                       [](const Connection& cn) { return !cn.draws.empty(); });
  });
}

}  // namespace netgrade::spec
