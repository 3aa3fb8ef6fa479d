#include "harness/spec/named_draws.h"

#include <fmt/core.h>

#include <cctype>
#include <set>

#include "harness/base/seed.h"
#include "harness/spec/draw.h"
#include "harness/spec/names.h"
#include "harness/spec/scalar.h"
#include "harness/spec/suggest.h"

namespace netgrade::spec {
namespace {

constexpr std::string_view kDrawRef = "{draw:";
constexpr size_t kMostNamedDraws = 200;

// One {draw:NAME|CASE} of a text: where it starts, how long it is, its name and its case.
struct DrawRef {
  size_t at = 0;
  size_t size = 0;
  std::string name;
  std::string letters;  // "", "upper", "lower" or "mixed"
  bool closed = true;
};

std::vector<DrawRef> DrawRefs(const std::string& text) {
  std::vector<DrawRef> refs;
  for (size_t at = text.find(kDrawRef); at != std::string::npos; at = text.find(kDrawRef, at + 1)) {
    DrawRef ref;
    ref.at = at;
    size_t end = text.find('}', at);
    if (end == std::string::npos) {
      ref.closed = false;
      refs.push_back(ref);
      break;
    }
    ref.size = end - at + 1;
    std::string inner = text.substr(at + kDrawRef.size(), end - at - kDrawRef.size());
    size_t bar = inner.find('|');
    ref.name = inner.substr(0, bar);
    if (bar != std::string::npos) ref.letters = inner.substr(bar + 1);
    refs.push_back(ref);
  }
  return refs;
}

// The same value in other letters: "mixed" alternates, starting upper, so that it differs
// from both the lower-case and the upper-case value when it holds two letters.
std::string InLetters(std::string value, const std::string& letters) {
  bool up = true;
  for (char& c : value) {
    unsigned char u = static_cast<unsigned char>(c);
    if (!std::isalpha(u)) continue;
    if (letters == "upper" || (letters == "mixed" && up))
      c = static_cast<char>(std::toupper(u));
    else if (letters == "lower" || letters == "mixed")
      c = static_cast<char>(std::tolower(u));
    up = !up;
  }
  return value;
}

// `value` as an RE2 pattern that matches it alone: every character but letters, digits, ' ',
// '-' and '_' (and bytes of UTF-8, literal in RE2) escaped, so that a host name stays readable
// in a message ('^kelp-river\.example\.org$').
std::string Quoted(const std::string& value) {
  std::string out;
  for (char c : value) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::isalnum(u) && c != ' ' && c != '-' && c != '_') out += '\\';
    out += c;
  }
  return out;
}

std::string Names(const std::vector<NamedDraw>& draws) {
  std::string out;
  for (size_t i = 0; i < draws.size() && i < 6; ++i) out += (i ? ", " : "") + draws[i].name;
  if (draws.size() > 6) out += ", ...";
  return out;
}

}  // namespace

void LoadNamedDraws(const YAML::Node& n, YamlReader& r, std::vector<NamedDraw>* out) {
  if (!n.IsMap()) {
    r.Error(n, fmt::format("expected 'draws' to be a map of names to drawn values, such as "
                           "{{www: {{draw: host}}, www_address: {{draw: ipv4}}}}, found {}",
                           YamlReader::Found(n)));
    return;
  }
  r.NoDuplicateKeys(n, "'draws'");
  if (n.size() > kMostNamedDraws)
    r.Error(n, fmt::format("'draws' may name at most {} values", kMostNamedDraws));
  for (const auto& kv : n) {
    auto name = r.String(kv.first, "a name of 'draws'");
    if (!name) continue;
    if (!IsName(*name)) {
      r.Error(kv.first, fmt::format("a name of 'draws' may hold only letters, digits, '-' and "
                                    "'_' (it goes in {{draw:NAME}}), found '{}'",
                                    Cut(*name)));
      continue;
    }
    if (!kv.second.IsMap()) {
      r.Error(kv.second,
              fmt::format("expected '{}' to be a drawn value such as {{draw: host}}, "
                          "{{draw: ipv4}}, {{draw: words}} or {{draw: number}}, found {}",
                          *name, YamlReader::Found(kv.second)));
      continue;
    }
    auto draw = LoadDraw(kv.second, r);
    if (!draw) continue;
    out->push_back({*name, *draw, YamlReader::MarkOf(kv.first)});
  }
}

void ForEachDrawText(Spec* spec,
                     const std::function<void(std::string*, const Mark&, bool)>& visit) {
  for (GivenFile& f : spec->files)
    if (!f.draw && !f.drawn_bytes) visit(&f.content, f.mark, false);
  for (Case& c : spec->cases) {
    for (std::string& line : c.stdin_lines) visit(&line, c.mark, false);
    if (c.argv)
      for (std::string& arg : *c.argv) visit(&arg, c.mark, false);
    for (Connection& cn : c.peer.connections)
      for (std::string& m : cn.send) visit(&m, cn.mark, false);
    if (c.peer.reply) visit(&*c.peer.reply, c.peer.mark, false);
    if (c.peer.matches) visit(&*c.peer.matches, c.peer.mark, true);
    visit(&c.peer.frame, c.peer.mark, false);
    if (c.peer.await) visit(&*c.peer.await, c.peer.mark, false);
    for (Step& s : c.script) {
      for (std::string* hint :
           {&s.hint, &s.hints.wrong, &s.hints.nothing, &s.hints.extra, &s.hints.closed})
        visit(hint, s.mark, false);
      if ((s.action == Step::Action::kSend && !s.binary) || s.action == Step::Action::kStdin)
        visit(&s.text, s.mark, false);
      if (s.action == Step::Action::kExpect && !s.answer.binary())
        visit(&s.answer.text, s.mark, s.answer.kind == Answer::Kind::kMatches);
      if (s.action == Step::Action::kLines) {
        visit(&s.block.matching, s.mark, true);
        visit(&s.block.until, s.mark, true);
      }
    }
    for (std::string& line : c.expect.stdout_lines) visit(&line, c.expect.mark, false);
    for (std::string& line : c.expect.received_lines) visit(&line, c.expect.mark, false);
    for (auto* hints : {&c.expect.stdout_line_hints, &c.expect.received_line_hints})
      for (std::string& hint : *hints) visit(&hint, c.expect.mark, false);
    for (auto& [check, hint] : c.expect.hints) visit(&hint, c.expect.mark, false);
    for (auto* rules : {&c.expect.stdout_rules, &c.expect.received_rules})
      for (LineRule& rule : *rules) {
        visit(&rule.pattern, rule.mark, rule.kind != LineRule::Kind::kContains);
        visit(&rule.hint, rule.mark, false);
      }
    if (IdRule* ids = c.expect.received_ids ? &*c.expect.received_ids : nullptr) {
      visit(&ids->pattern, ids->mark, true);
      visit(&ids->hint, ids->mark, false);
    }
    for (ExpectedFile& f : c.expect.files) {
      visit(&f.text, f.mark, false);
      visit(&f.hint, f.mark, false);
    }
  }
}

void CheckDrawRefs(const Spec& spec, YamlReader& r) {
  std::vector<std::string> names;
  for (const NamedDraw& d : spec.named_draws) names.push_back(d.name);
  std::set<std::string> seen;
  for (const NamedDraw& d : spec.named_draws)
    if (!seen.insert(d.name).second)
      r.Error(d.mark, fmt::format("a second value '{}' in 'draws'", d.name));
  Spec copy = spec;  // ForEachDrawText visits texts it may change; here it only reads them
  ForEachDrawText(&copy, [&](std::string* text, const Mark& at, bool) {
    for (const DrawRef& ref : DrawRefs(*text)) {
      if (!ref.closed) {
        r.Error(at, fmt::format("'{}' opens {{draw: and never closes it: write {{draw:NAME}}",
                                Cut(text->substr(ref.at))));
        continue;
      }
      if (std::find(names.begin(), names.end(), ref.name) == names.end()) {
        std::string near = Nearest(ref.name, names);
        r.Error(at, fmt::format("'{{draw:{}}}' names no value of 'draws' ({}){}", Cut(ref.name),
                                names.empty() ? std::string("the spec has no 'draws:'")
                                              : "it draws " + Names(spec.named_draws),
                                near.empty() ? std::string(": add it to 'draws:'")
                                             : ": did you mean {draw:" + near + "}?"));
      }
      if (!ref.letters.empty() && ref.letters != "upper" && ref.letters != "lower" &&
          ref.letters != "mixed")
        r.Error(at, fmt::format("'{{draw:{}|{}}}': '{}' is no letter case (use |upper, |lower or "
                                "|mixed, or nothing for the value as drawn)",
                                Cut(ref.name), Cut(ref.letters), Cut(ref.letters)));
    }
  });
}

DrawnValues DrawNamedValues(const std::vector<NamedDraw>& draws, uint64_t run_seed) {
  DrawnValues values;
  std::set<std::string> taken;  // host names and addresses: none twice in a run
  for (const NamedDraw& d : draws) {
    const uint64_t seed = SplitMix(run_seed + NameHash(d.name)) ^ 0x6e616d65ull;  // "name"
    const bool unique = d.draw.kind == Draw::Kind::kHost || d.draw.kind == Draw::Kind::kIpv4;
    std::string value = DrawText(d.draw, seed);
    for (uint64_t again = 1; unique && taken.count(value) != 0 && again < 1000; ++again)
      value = DrawText(d.draw, SplitMix(seed + again));
    if (unique) taken.insert(value);
    values[d.name] = value;
  }
  return values;
}

std::string FillDrawRefs(const std::string& text, const DrawnValues& values, bool quote) {
  std::string out;
  size_t from = 0;
  for (const DrawRef& ref : DrawRefs(text)) {
    auto it = values.find(ref.name);
    if (!ref.closed || it == values.end() || ref.at < from) continue;
    std::string value = InLetters(it->second, ref.letters);
    out += text.substr(from, ref.at - from) + (quote ? Quoted(value) : value);
    from = ref.at + ref.size;
  }
  return out + text.substr(from);
}

void FillNamedDraws(Spec* spec, uint64_t run_seed) {
  if (spec->named_draws.empty()) return;
  const DrawnValues values = DrawNamedValues(spec->named_draws, run_seed);
  ForEachDrawText(spec, [&](std::string* text, const Mark&, bool pattern) {
    if (text->find(kDrawRef) != std::string::npos) *text = FillDrawRefs(*text, values, pattern);
  });
}

}  // namespace netgrade::spec
