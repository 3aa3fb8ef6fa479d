#include "harness/spec/script_rules.h"

#include <fmt/core.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>

namespace netgrade::spec {
namespace {

using Action = Step::Action;

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
    switch (s.action) {
      case Action::kConnect:
      case Action::kAccept:
        return CheckOpen(s);
      case Action::kSend:
      case Action::kExpect:
      case Action::kLines:
      case Action::kEnd:
      case Action::kAnswer:
        return CheckOnConnection(s);
      case Action::kClose:
      case Action::kReset:
        return CheckClose(s);
      case Action::kListening:
      case Action::kStopStudent:
      case Action::kStartStudent:
        return CheckStudent(s);
      case Action::kStopPeer:
      case Action::kStartPeer:
        return CheckPeer(s);
      case Action::kStdin:
      case Action::kCloseStdin:
        if (stdin_closed_ == true)
          Error(s, "standard input is closed already here ('close: stdin')");
        stdin_closed_ = s.action == Action::kCloseStdin;
        return;
      case Action::kNoConnection:
        if (Udp())
          Error(s,
                "'no_connection' is TCP; over UDP, 'expect: nothing' says that no datagram "
                "comes");
        return;
      case Action::kUntilWaiting:
      case Action::kUntilReceived:
      case Action::kPause:
        return;
    }
  }

  bool Udp() const { return spec_.protocol == Protocol::kUdp; }

  // connect (the peer connects to a listening role) and accept (a TCP peer server).
  void CheckOpen(const Step& s) {
    if (s.action == Action::kConnect && s.follow && !Udp())
      Error(s,
            "'follow' is for UDP sockets, whose answers may come from a new port (TFTP's "
            "transfer port); a TCP connection keeps its two ports");
    if (s.action == Action::kConnect) {
      if (known_ && !listens_)
        return Error(s, fmt::format("'connect' is for a role that listens; role '{}' connects, "
                                    "so the peer waits for it: 'accept: {}'{}",
                                    c_.role, s.on, Udp() ? " (UDP: no accept; answer)" : ""));
      return Open(s);
    }
    if (Udp())
      return Error(s,
                   "'accept' is TCP; a UDP reference server has one socket and no "
                   "connections: use 'answer' or 'expect' directly");
    // A listening role's peer is its client, and also the server(s) the program connects to
    // (a proxy's origin): `accept` takes its connections there (spec::PlaysBothSides).
    return Open(s);
  }

  // send, expect, lines, end and answer: on a connection that must be open.
  void CheckOnConnection(const Step& s) {
    const char* name = StepName(s.action);
    if (s.action == Action::kSend || s.action == Action::kExpect) {
      if (Udp() && s.line_end_set)
        Error(s, "'line_end' is for TCP lines; a UDP datagram ends with no newline");
      if (Udp() && s.action == Action::kExpect && s.answer.kind == Answer::Kind::kUntil)
        Error(s,
              "'until' reads a TCP stream up to a delimiter; a UDP datagram is one message "
              "already: expect it with hex, base64, bytes or length_prefix");
    } else if (s.action == Action::kLines || s.action == Action::kEnd) {
      if (Udp())
        return Error(s, fmt::format("'{}' reads a TCP connection; over UDP, check each "
                                    "datagram with 'expect'",
                                    name));
    } else if (s.action == Action::kAnswer) {
      if (known_ && listens_) return PeerServerOnly(s, name);
      if (!c_.peer.reply)
        Error(s,
              "'answer' answers as 'peer.reply' says: give peer.reply (\"{upper}\" answers "
              "each message in upper case)");
    }
    NeedOpen(s, name);
  }

  void CheckClose(const Step& s) {
    if (Udp() && s.action == Action::kReset)
      return Error(s, "'reset' is TCP (an RST); a UDP socket can only be closed: 'close'");
    NeedOpen(s, StepName(s.action));
    open_.erase(s.on);
    sure_.insert(s.on);
  }

  // listening, stop: student and start: student.
  void CheckStudent(const Step& s) {
    if (s.action == Action::kListening) {
      if (known_ && !listens_)
        Error(s, fmt::format("'listening' waits for a server; role '{}' does not listen", c_.role));
      if (student_running_ == false)
        Error(s, "'listening' comes after 'start: student' (the program is stopped here)");
      return;
    }
    bool stop = s.action == Action::kStopStudent;
    if (stop && student_running_ == false)
      Error(s, "the student's program is stopped already here");
    if (!stop && student_running_ == true)
      Error(s, "'start: student' needs 'stop: student' before it (the program is running)");
    student_running_ = !stop;
  }

  void CheckPeer(const Step& s) {
    const char* name = StepName(s.action);
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
