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

namespace netgrade::spec {
namespace {

using Action = Step::Action;

constexpr int64_t kMaxPauseMs = 60 * 1000;
constexpr size_t kMaxTextBytes = 1 << 20;
constexpr int64_t kMaxCount = 1000000;

const std::vector<std::string> kActions = {"connect", "accept",    "send",  "expect", "answer",
                                           "close",   "reset",     "until", "pause",  "stop",
                                           "start",   "listening", "stdin", "lines",  "end"};
const std::vector<std::string> kOptions = {"on",      "newline",  "hint",
                                           "at_once", "line_end", "within"};
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
               "reset, until, pause, stop, start, listening or stdin");
      return std::nullopt;
    }
    if (given.size() > 1) {
      r_.Error(n[given[1]],
               fmt::format("a step does one thing: '{}' and '{}' are two steps; write each as an "
                           "item of its own, in the order they happen",
                           given[0], given[1]));
      return std::nullopt;
    }
    const std::string& key = given[0];
    Step s;
    s.mark = YamlReader::MarkOf(n);
    // A wrong option is reported and the step kept: what it does is known, so the rules that
    // tie the script together are still checked (every error at once, not one round each).
    // Only an unreadable 'on' leaves it out: which connection it acts on is unknown.
    bool on_read = Options(n, key, &s);
    ReadBlockOptions(n, key, r_, &s);  // its errors are reported; the step is kept too
    if (!on_read) return std::nullopt;
    const YAML::Node v = n[key];
    bool ok = true;
    if (key == "connect" || key == "accept" || key == "reset") {
      s.action = key == "connect"  ? Action::kConnect
                 : key == "accept" ? Action::kAccept
                                   : Action::kReset;
      ok = Name(v, key, &s.on);
    } else if (key == "close") {
      if (v.IsScalar() && v.Scalar() == "stdin") {
        s.action = Action::kCloseStdin;
      } else {
        s.action = Action::kClose;
        ok = Name(v, key, &s.on);
      }
    } else if (key == "send" || key == "stdin") {
      s.action = key == "send" ? Action::kSend : Action::kStdin;
      if (v.IsMap() && v["draw"]) {
        // Drawn from the case's seed (draw.h): its description until spec::DrawMessages.
        std::optional<Draw> d = LoadDraw(v, r_);
        ok = d && r_.Spend(v, MostBytes(*d));
        if (ok) s.draw = *d, s.text = "<" + DescribeDraw(*d) + ">";
      } else {
        ok = Text(v, key, &s.text);
      }
      if (ok && key == "stdin" && s.text.find('\n') != std::string::npos) {
        r_.Error(v, "a line of 'stdin' holds a newline; give each line as a step of its own");
        ok = false;
      }
    } else if (key == "expect") {
      s.action = Action::kExpect;
      ok = ReadAnswer(v, &s.answer);
    } else if (key == "lines" || key == "end") {
      ok = ReadBlockStep(v, key, r_, &s);
    } else if (key == "answer") {
      s.action = Action::kAnswer;
      ok = Count(v, key, "all", &s.count);
    } else if (key == "until") {
      ok = Until(v, &s);
    } else if (key == "pause" || key == "listening") {
      s.action = key == "pause" ? Action::kPause : Action::kListening;
      auto ms = r_.DurationMs(v, key, 1, kMaxPauseMs);
      if (ms) s.ms = static_cast<int>(*ms);
      ok = ms.has_value();
    } else if (key == "stop" || key == "start") {
      auto who = r_.Enum(v, key, {"student", "peer"});
      if (!who) return std::nullopt;
      bool student = *who == "student";
      s.action = key == "stop" ? (student ? Action::kStopStudent : Action::kStopPeer)
                               : (student ? Action::kStartStudent : Action::kStartPeer);
    }
    if (!ok) return std::nullopt;
    return s;
  }

 private:
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
                             key == "connect" || key == "accept" || key == "close" || key == "reset"
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
    if (n["hint"]) {
      if (key != "expect" && key != "answer" && key != "until" && key != "listening" &&
          key != "lines" && key != "end" && key != "connect" && key != "accept" && key != "send") {
        r_.Error(n["hint"], fmt::format("'hint' is for the steps that can fail (connect, accept, "
                                        "send, expect, lines, end, answer, until, listening); "
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
    if (!r_.Map(v, "'expect'", {"text", "matches", "template"})) return false;
    std::vector<std::string> given;
    for (const char* k : {"text", "matches", "template"})
      if (v[k]) given.push_back(k);
    if (given.size() != 1) {
      r_.Error(v, "'expect' takes one of text, matches or template (or: upper, same, nothing)");
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
  for (const auto& item : n) {
    if (std::optional<Step> s = reader.Read(item))
      out->push_back(std::move(*s));
    else if (gaps != nullptr && (gaps->empty() || gaps->back() != out->size()))
      gaps->push_back(out->size());
  }
}

namespace {

// Follows what is open step by step (connections, the student's program, the peer) and
// reports each step that acts on something not there, or that the case's side cannot do.
class ScriptRules {
 public:
  ScriptRules(const Spec& spec, const Case& c, bool student_listens, bool listens_known,
              const std::vector<size_t>& gaps, YamlReader& r)
      : spec_(spec), c_(c), listens_(student_listens), known_(listens_known), gaps_(gaps), r_(r) {}

  void Check() {
    for (size_t i = 0; i < c_.script.size(); ++i) {
      if (std::find(gaps_.begin(), gaps_.end(), i) != gaps_.end()) Unknown();
      CheckStep(c_.script[i]);
    }
  }

 private:
  void CheckStep(const Step& s) {
    const char* name = StepName(s.action);
    const bool udp = spec_.protocol == Protocol::kUdp;
    switch (s.action) {
      case Action::kConnect:
        if (known_ && !listens_)
          return Error(s, fmt::format("'connect' is for a role that listens; role '{}' connects, "
                                      "so the peer waits for it: 'accept: {}'{}",
                                      c_.role, s.on, udp ? " (UDP: no accept; answer)" : ""));
        return Open(s);
      case Action::kAccept:
        if (udp)
          return Error(s,
                       "'accept' is TCP; a UDP reference server has one socket and no "
                       "connections: use 'answer' or 'expect' directly");
        if (known_ && listens_) return PeerServerOnly(s, name);
        return Open(s);
      case Action::kSend:
      case Action::kExpect:
        if (udp && s.line_end_set)
          Error(s, "'line_end' is for TCP lines; a UDP datagram ends with no newline");
        return NeedOpen(s, name);
      case Action::kLines:
      case Action::kEnd:
        if (udp)
          return Error(s, fmt::format("'{}' reads a TCP connection; over UDP, check each "
                                      "datagram with 'expect'",
                                      name));
        return NeedOpen(s, name);
      case Action::kAnswer:
        if (known_ && listens_) return PeerServerOnly(s, name);
        if (!c_.peer.reply)
          Error(s,
                "'answer' answers as 'peer.reply' says: give peer.reply (\"{upper}\" answers "
                "each message in upper case)");
        return NeedOpen(s, name);
      case Action::kClose:
      case Action::kReset:
        if (udp && s.action == Action::kReset)
          return Error(s, "'reset' is TCP (an RST); a UDP socket can only be closed: 'close'");
        NeedOpen(s, name);
        open_.erase(s.on);
        sure_.insert(s.on);
        return;
      case Action::kListening:
        if (known_ && !listens_)
          Error(s,
                fmt::format("'listening' waits for a server; role '{}' does not listen", c_.role));
        if (student_running_ == false)
          Error(s, "'listening' comes after 'start: student' (the program is stopped here)");
        return;
      case Action::kStopStudent:
        if (student_running_ == false) Error(s, "the student's program is stopped already here");
        student_running_ = false;
        return;
      case Action::kStartStudent:
        if (student_running_ == true)
          Error(s, "'start: student' needs 'stop: student' before it (the program is running)");
        student_running_ = true;
        return;
      case Action::kStopPeer:
      case Action::kStartPeer: {
        if (known_ && listens_) return PeerServerOnly(s, name);
        if (!c_.faults.Empty())
          Error(s, fmt::format("'{}' closes or opens the peer's own port, which a case with "
                               "'faults' hides behind a proxy: keep one of them",
                               name));
        bool stop = s.action == Action::kStopPeer;
        if (peer_running_ && stop != *peer_running_)
          Error(s, stop ? "the peer is stopped already here"
                        : "'start: peer' needs 'stop: peer' before it (the peer is running)");
        peer_running_ = !stop;
        if (stop) {  // a stopped peer has closed its connections: all of them known again
          open_.clear();
          sure_.clear();
          all_sure_ = true;
        }
        return;
      }
      case Action::kStdin:
      case Action::kCloseStdin:
        if (stdin_closed_ == true)
          Error(s, "standard input is closed already here ('close: stdin')");
        stdin_closed_ = s.action == Action::kCloseStdin;
        return;
      case Action::kUntilWaiting:
      case Action::kUntilReceived:
      case Action::kPause:
        return;
    }
  }

  // A step the loader could not read stood here: it may have opened or closed anything, so
  // what is open, and whether the program, the peer and stdin run, is unknown until a step
  // that can be read says so again (no follow-on error from a step that was itself wrong).
  void Unknown() {
    all_sure_ = false;
    sure_.clear();
    student_running_.reset();
    peer_running_.reset();
    stdin_closed_.reset();
  }

  bool Sure(const std::string& name) const { return all_sure_ || sure_.count(name) != 0; }

  void Open(const Step& s) {
    bool sure = Sure(s.on);
    sure_.insert(s.on);
    if (!open_.insert(s.on).second && sure)
      Error(s, fmt::format("connection '{}' is open already here; close it first or give the new "
                           "one another name",
                           s.on));
  }

  // A UDP reference server has one socket: `on` means nothing there.
  void NeedOpen(const Step& s, const char* name) {
    if (spec_.protocol == Protocol::kUdp && known_ && !listens_) return;
    if (open_.count(s.on) != 0 || !Sure(s.on)) return;
    Error(s, fmt::format("'{}' on connection '{}', which is not open at this step: open it first "
                         "with '{}: {}'",
                         name, s.on, known_ && !listens_ ? "accept" : "connect", s.on));
  }

  void PeerServerOnly(const Step& s, const char* name) {
    Error(s, fmt::format("'{}' is for a role that connects; role '{}' listens, so the peer "
                         "connects to it ('connect: a', then send and expect on a)",
                         name, c_.role));
  }

  void Error(const Step& s, const std::string& message) { r_.Error(s.mark, message); }

  const Spec& spec_;
  const Case& c_;
  bool listens_;
  bool known_;
  const std::vector<size_t>& gaps_;
  YamlReader& r_;
  std::set<std::string> open_;
  bool all_sure_ = true;        // no unreadable step yet: open_ is the whole truth
  std::set<std::string> sure_;  // after one: the names a readable step opened or closed since
  std::optional<bool> student_running_ = true;  // nullopt: unknown (after an unreadable step)
  std::optional<bool> peer_running_ = true;
  std::optional<bool> stdin_closed_ = false;
};

}  // namespace

void CheckScript(const Spec& spec, const Case& c, bool student_listens, bool listens_known,
                 const YAML::Node& node, YamlReader& r, const std::vector<size_t>& gaps) {
  if (c.script.empty()) return;
  const YAML::Node peer = node["peer"];
  if (!c.peer.connections.empty())
    r.Error(peer.IsMap() && peer["connections"] ? peer["connections"] : node,
            "a case with 'script' gives the peer's part there: write 'connections' as script "
            "steps (connect, send, expect)");
  if (c.peer.interleave)
    r.Error(peer.IsMap() && peer["interleave"] ? peer["interleave"] : node,
            "a script states its own interleaving (its steps, in order): remove 'interleave'");
  if (c.expect.replies != Transform::kNone) {
    const YAML::Node e = node["expect"];
    r.Error(e.IsMap() && e["replies"] ? e["replies"] : node,
            "'replies' checks the answers to 'peer.connections'; in a script, check each answer "
            "with an 'expect' step");
  }
  ScriptRules(spec, c, student_listens, listens_known, gaps, r).Check();
}

bool ScriptChecks(const std::vector<Step>& script) {
  return std::any_of(script.begin(), script.end(), [](const Step& s) {
    return s.action == Action::kExpect || s.action == Action::kListening ||
           s.action == Action::kUntilReceived || s.action == Action::kLines ||
           s.action == Action::kEnd;
  });
}

}  // namespace netgrade::spec
