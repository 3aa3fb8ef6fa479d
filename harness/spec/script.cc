#include "harness/spec/script.h"

#include <fmt/core.h>
#include <re2/re2.h>

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "harness/spec/draw.h"
#include "harness/spec/scalar.h"
#include "harness/spec/script_blocks.h"
#include "harness/spec/script_bytes.h"
#include "harness/spec/script_repeat.h"

namespace netgrade::spec {
namespace {

using Action = Step::Action;

constexpr int64_t kMaxPauseMs = 60 * 1000;
constexpr size_t kMaxTextBytes = 1 << 20;
constexpr int64_t kMaxCount = 1000000;

const std::vector<std::string> kActions = {
    "connect", "accept", "send",  "expect",    "answer", "close", "reset", "until",
    "pause",   "stop",   "start", "listening", "stdin",  "lines", "end",   "no_connection"};
const std::vector<std::string> kOptions = {"on",     "newline",  "hint",   "at_once",
                                           "follow", "line_end", "within", "repeat"};
const std::set<std::string> kReserved = {"stdin", "student", "peer"};

bool IsConnectionName(const std::string& s) {
  if (s.empty() || s.size() > 40) return false;
  return std::all_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

class StepReader {
 public:
  explicit StepReader(YamlReader& r) : r_(r) {}

  std::optional<Step> Read(const YAML::Node& n) {
    std::optional<std::string> key = ActionKey(n);
    if (!key) return std::nullopt;
    Step s;
    s.mark = YamlReader::MarkOf(n);
    // A wrong option is reported and the step kept: what it does is known, so the rules that
    // tie the script together are still checked (every error at once, not one round each).
    // Only an unreadable 'on' leaves it out: which connection it acts on is unknown.
    bool on_read = Options(n, *key, &s);
    ReadBlockOptions(n, *key, r_, &s);  // its errors are reported; the step is kept too
    if (!on_read) return std::nullopt;
    if (!ReadAction(n[*key], *key, &s)) return std::nullopt;
    if (s.binary || (s.action == Action::kExpect && s.answer.binary())) BytesAlone(n, *key);
    return s;
  }

 private:
  // A step of bytes goes or is read exactly as the bytes say: 'newline' and 'line_end', which
  // make lines, are errors on it.
  void BytesAlone(const YAML::Node& n, const std::string& key) {
    for (const char* option : {"newline", "line_end"})
      if (n[option])
        r_.Error(n[option],
                 fmt::format("'{}' is for lines; this '{}' is bytes, {} exactly as written (a "
                             "newline is a byte like any other: 0a, or 0d 0a for \\r\\n)",
                             option, key, key == "send" ? "sent" : "read"));
  }

  // The one action key of the step `n`; nullopt after reporting a step that is no map, has
  // no action or has two.
  std::optional<std::string> ActionKey(const YAML::Node& n) {
    if (!n.IsMap()) {
      r_.Error(n, fmt::format("expected a step of 'script', such as 'send: hello' or 'expect: "
                              "upper', found {}",
                              YamlReader::Found(n)));
      return std::nullopt;
    }
    if (!r_.Map(n, "a step of 'script'", ScriptStepKeys())) return std::nullopt;
    std::vector<std::string> given;
    for (const std::string& a : kActions)
      if (n[a]) given.push_back(a);
    if (given.empty()) {
      r_.Error(n,
               "a step needs one action: connect, accept, send, expect, lines, end, answer, close, "
               "reset, until, pause, stop, start, listening, stdin or no_connection");
      return std::nullopt;
    }
    if (given.size() > 1) {
      r_.Error(n[given[1]],
               fmt::format("a step does one thing: '{}' and '{}' are two steps; write each as an "
                           "item of its own, in the order they happen",
                           given[0], given[1]));
      return std::nullopt;
    }
    return given[0];
  }

  // The action `key` and its value `v` into `s`; false when the value cannot be read.
  bool ReadAction(const YAML::Node& v, const std::string& key, Step* s) {
    if (key == "connect" || key == "accept" || key == "reset" || key == "no_connection") {
      s->action = key == "connect"         ? Action::kConnect
                  : key == "accept"        ? Action::kAccept
                  : key == "no_connection" ? Action::kNoConnection
                                           : Action::kReset;
      return Name(v, key, &s->on);
    }
    if (key == "close") {
      if (v.IsScalar() && v.Scalar() == "stdin") {
        s->action = Action::kCloseStdin;
        return true;
      }
      s->action = Action::kClose;
      return Name(v, key, &s->on);
    }
    if (key == "send" || key == "stdin") return Message(v, key, s);
    if (key == "expect") {
      s->action = Action::kExpect;
      return ReadAnswer(v, &s->answer);
    }
    if (key == "lines" || key == "end") return ReadBlockStep(v, key, r_, s);
    if (key == "answer") {
      s->action = Action::kAnswer;
      return Count(v, key, "all", &s->count);
    }
    if (key == "until") return Until(v, s);
    if (key == "pause" || key == "listening") {
      s->action = key == "pause" ? Action::kPause : Action::kListening;
      auto ms = r_.DurationMs(v, key, 1, kMaxPauseMs);
      if (ms) s->ms = static_cast<int>(*ms);
      return ms.has_value();
    }
    if (key == "stop" || key == "start") {
      auto who = r_.Enum(v, key, {"student", "peer"});
      if (!who) return false;
      bool student = *who == "student";
      s->action = key == "stop" ? (student ? Action::kStopStudent : Action::kStopPeer)
                                : (student ? Action::kStartStudent : Action::kStartPeer);
    }
    return true;
  }

  // `send: TEXT` or `stdin: TEXT`, or a message drawn from the case's seed.
  bool Message(const YAML::Node& v, const std::string& key, Step* s) {
    s->action = key == "send" ? Action::kSend : Action::kStdin;
    bool ok = true;
    if (v.IsMap() && v["draw"]) {
      // Drawn from the case's seed (draw.h): its description until spec::DrawMessages.
      std::optional<Draw> d = LoadDraw(v, r_);
      ok = d && r_.Spend(v, MostBytes(*d));
      if (ok) s->draw = *d, s->text = "<" + DescribeDraw(*d) + ">";
    } else if (key == "send" && v.IsMap()) {  // bytes, or a misspelling of their keys
      ok = LoadByteSend(v, r_, s);
    } else {
      ok = Text(v, key, &s->text);
    }
    if (ok && key == "stdin" && s->text.find('\n') != std::string::npos) {
      r_.Error(v, "a line of 'stdin' holds a newline; give each line as a step of its own");
      ok = false;
    }
    return ok;
  }

  // `on` for the steps that act on a connection they do not name, `newline` for send,
  // `hint` for the steps that can fail. Every problem is reported; false only when the
  // connection the step acts on could not be read.
  bool Options(const YAML::Node& n, const std::string& key, Step* s) {
    bool on_read = true;
    if (n["on"]) {
      if (key != "send" && key != "expect" && key != "answer" && key != "lines" && key != "end") {
        r_.Error(n["on"],
                 fmt::format("'on' names the connection of send, expect, lines, end and answer; "
                             "'{}' {}",
                             key,
                             key == "connect" || key == "accept" || key == "close" ||
                                     key == "reset" || key == "no_connection"
                                 ? fmt::format("names it itself ({}: b)", key)
                                 : "acts on no connection"));
      } else {
        on_read = Name(n["on"], "on", &s->on);
      }
    }
    if (n["newline"]) {
      if (key != "send") {
        r_.Error(n["newline"], "'newline' is for 'send' (newline: false sends the text alone)");
      } else if (auto b = r_.Bool(n["newline"], "newline")) {
        s->newline = *b;
      }
    }
    if (n["at_once"]) {  // its rules against the step before: captures.cc
      if (key != "send") {
        r_.Error(n["at_once"],
                 "'at_once' is for 'send' (sent in the same turn as the send before)");
      } else if (auto b = r_.Bool(n["at_once"], "at_once")) {
        s->at_once = *b;
      }
    }
    if (n["follow"]) {
      if (key != "connect") {
        r_.Error(n["follow"],
                 "'follow' is for 'connect' (UDP: the socket's sends follow the port its "
                 "answers come from)");
      } else if (auto b = r_.Bool(n["follow"], "follow")) {
        s->follow = *b;
      }
    }
    if (n["hint"]) {
      if (key != "expect" && key != "answer" && key != "until" && key != "listening" &&
          key != "lines" && key != "end" && key != "connect" && key != "accept" && key != "send" &&
          key != "no_connection") {
        r_.Error(n["hint"], fmt::format("'hint' is for the steps that can fail (connect, accept, "
                                        "send, expect, lines, end, answer, until, listening, "
                                        "no_connection); "
                                        "'{}' cannot",
                                        key));
      } else {
        Hints(n["hint"], s);
      }
    }
    return on_read;
  }

  // `hint: TEXT` is told whatever went wrong at the step; `hint: {wrong: ..., nothing: ...,
  // extra: ..., closed: ...}` each only for that kind of failure (a step can fail in several
  // ways, and advice for one misleads about another).
  void Hints(const YAML::Node& v, Step* s) {
    if (!v.IsMap()) {
      if (auto h = r_.String(v, "hint")) s->hint = *h;
      return;
    }
    if (!r_.Map(v, "'hint'", ScriptHintKeys())) return;
    if (v.size() == 0)
      r_.Error(v,
               "'hint' needs a text, or a map of wrong, nothing, extra, closed and otherwise to "
               "texts");
    // `otherwise`: told for a kind the map does not name, as a plain `hint` is.
    for (auto [key, out] :
         {std::pair{"wrong", &s->hints.wrong}, std::pair{"nothing", &s->hints.nothing},
          std::pair{"extra", &s->hints.extra}, std::pair{"closed", &s->hints.closed},
          std::pair{"otherwise", &s->hint}})
      if (v[key])
        if (auto h = r_.String(v[key], key)) *out = *h;
  }

  bool Name(const YAML::Node& v, const std::string& key, std::string* out) {
    // `connect: 1` names connection "1", as `connect: a` names "a".
    auto name = v.IsScalar() && Classify(v) == ScalarKind::kInt ? std::optional(v.Scalar())
                                                                : r_.String(v, key);
    if (!name) return false;
    if (!IsConnectionName(*name)) {
      r_.Error(v, fmt::format("'{}' names a connection: letters, digits, '-' and '_', found '{}'",
                              key, Cut(*name)));
      return false;
    }
    if (kReserved.count(*name) != 0 && !(key == "close" && *name == "stdin")) {
      r_.Error(v, fmt::format("'{}' cannot name a connection: stdin, student and peer are the "
                              "script's own words; call it a, b, c or 1, 2, 3",
                              *name));
      return false;
    }
    *out = *name;
    return true;
  }

  bool Text(const YAML::Node& v, const std::string& key, std::string* out) {
    auto text = r_.String(v, key);
    if (!text) return false;
    if (text->size() > kMaxTextBytes) {
      r_.Error(v, fmt::format("'{}' may be at most {} bytes", key, kMaxTextBytes));
      return false;
    }
    if (!r_.Spend(v, text->size())) return false;
    *out = *text;
    return true;
  }

  bool Count(const YAML::Node& v, const std::string& key, const char* all, int* out) {
    if (v.IsScalar() && v.Scalar() == all) {
      *out = -1;
      return true;
    }
    if (v.IsScalar() && Classify(v) != ScalarKind::kInt) {
      r_.Error(v, fmt::format("expected a number of messages or '{}' for '{}', found {}", all, key,
                              YamlReader::Found(v)));
      return false;
    }
    auto n = r_.Integer(v, key, 1, kMaxCount);
    if (n) *out = static_cast<int>(*n);
    return n.has_value();
  }

  // `until: waiting` or `until: {received: N}`.
  bool Until(const YAML::Node& v, Step* s) {
    if (v.IsMap()) {
      if (!r_.Map(v, "'until'", {"received"}) || !r_.Required(v, "received", "'until'"))
        return false;
      s->action = Action::kUntilReceived;
      auto n = r_.Integer(v["received"], "received", 1, kMaxCount);
      if (n) s->count = static_cast<int>(*n);
      return n.has_value();
    }
    if (!r_.Enum(v, "until", {"waiting"})) return false;
    s->action = Action::kUntilWaiting;
    return true;
  }

  // `expect: upper|same|nothing`, or {text: T}, {matches: RE2}, {template: T}.
  bool ReadAnswer(const YAML::Node& v, Answer* a) {
    if (!v.IsMap()) {
      auto kind = r_.Enum(v, "expect", {"upper", "same", "nothing"});
      if (!kind) return false;
      a->kind = *kind == "upper"  ? Answer::Kind::kUpper
                : *kind == "same" ? Answer::Kind::kSame
                                  : Answer::Kind::kNothing;
      return true;
    }
    if (IsByteExpect(v)) return LoadByteExpect(v, r_, a);
    if (!r_.Map(v, "'expect'", ScriptExpectKeys())) return false;
    std::vector<std::string> given;
    for (const char* k : {"text", "matches", "template"})
      if (v[k]) given.push_back(k);
    if (given.size() != 1) {
      r_.Error(v,
               "'expect' takes one of text, matches or template (or: upper, same, nothing), or "
               "bytes: hex, base64, bytes, length_prefix or until");
      return false;
    }
    const std::string& k = given[0];
    if (!Text(v[k], k, &a->text)) return false;
    if (k == "text") {
      a->kind = Answer::Kind::kExact;
    } else if (k == "matches") {
      a->kind = Answer::Kind::kMatches;
      RE2::Options options;
      options.set_log_errors(false);
      RE2 re(a->text, options);
      if (!re.ok()) {
        r_.Error(v[k], fmt::format("the pattern of 'matches' is not a valid regular expression "
                                   "(RE2): {}",
                                   re.error()));
        return false;
      }
    } else {
      a->kind = Answer::Kind::kTemplate;
      // A {name} may be a group an earlier `matches` captured: captures.cc checks those.
      for (const std::string& p : Placeholders(a->text))
        if (p != "{line}" && p != "{upper}" && p != "{n}" && !RE2::FullMatch(p, R"(\{\w+\})")) {
          r_.Error(v[k], fmt::format("unknown placeholder {} in 'template' (use {{line}}, "
                                     "{{upper}} or {{n}})",
                                     Cut(p)));
          return false;
        }
    }
    return true;
  }

  YamlReader& r_;
};

}  // namespace

const std::vector<std::string>& ScriptStepKeys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> all = kActions;
    all.insert(all.end(), kOptions.begin(), kOptions.end());
    return all;
  }();
  return keys;
}

const std::vector<std::string>& ScriptExpectKeys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> all = {"text", "matches", "template"};
    all.insert(all.end(), ByteExpectKeys().begin(), ByteExpectKeys().end());
    return all;
  }();
  return keys;
}

const std::vector<std::string>& ScriptHintKeys() {
  static const std::vector<std::string> keys = {"wrong", "nothing", "extra", "closed", "otherwise"};
  return keys;
}

void LoadScript(const YAML::Node& n, YamlReader& r, std::vector<Step>* out,
                std::vector<size_t>* gaps) {
  if (!n.IsSequence() || n.size() == 0) {
    r.Error(n, fmt::format("expected 'script' to be a list of steps, found {}",
                           n.IsSequence() ? "an empty list" : YamlReader::Found(n)));
    return;
  }
  StepReader reader(r);
  // An alias ("- *ask") is given its anchor's position by yaml-cpp: a step before the list,
  // or no later than the step before it, is one, and is placed where it is written, so that
  // reports and `explain` name its own line.
  Mark last = YamlReader::MarkOf(n);  // the list's own, then the step before's
  bool first = true;
  for (const auto& item : n) {
    if (IsRepeatBlock(item)) {
      LoadRepeatBlock(item, r, out, gaps);
      first = false;
      continue;
    }
    std::optional<Step> s = reader.Read(item);
    Mark at = YamlReader::MarkOf(item);
    bool before =
        at.line < last.line ||
        (at.line == last.line && (first ? at.column < last.column : at.column <= last.column));
    if (last.line > 0 && at.line > 0 && before) at = r.AliasAfter(last).value_or(at);
    if (at.line > 0) last = at;
    first = false;
    if (s) s->mark = at;
    std::optional<int> times = 1;
    if (s && item["repeat"]) times = ReadRepeatCount(item["repeat"], r);
    if (s && times)
      AppendRounds({*s}, *times, item, r, out);
    else if (gaps != nullptr && (gaps->empty() || gaps->back() != out->size()))
      gaps->push_back(out->size());
  }
}

void LoadRepeatBlock(const YAML::Node& n, YamlReader& r, std::vector<Step>* out,
                     std::vector<size_t>* gaps) {
  if (!r.Map(n, "a 'repeat' of steps", RepeatBlockKeys())) return;
  if (!r.Required(n, "steps", "a 'repeat' of steps (repeat: N, steps: [...])")) return;
  std::optional<int> times = ReadRepeatCount(n["repeat"], r);
  std::vector<Step> steps;
  std::vector<size_t> inner_gaps;
  LoadScript(n["steps"], r, &steps, &inner_gaps);
  // A step of the block left out: what it might have changed is not judged from there on.
  if (gaps != nullptr && !inner_gaps.empty()) gaps->push_back(out->size());
  if (times) AppendRounds(steps, *times, n, r, out);
}

}  // namespace netgrade::spec
