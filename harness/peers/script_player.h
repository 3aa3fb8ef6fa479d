// The machinery of the script peer (script_peer.h), shared by its files: script_peer.cc
// plays the steps in order and watches for the program at rest, script_steps.cc plays each
// kind of step, script_report.cc says how a step failed. Not for use outside them.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/peers/script_conn.h"
#include "harness/peers/script_hint.h"
#include "harness/peers/script_peer.h"
#include "harness/peers/script_server.h"
#include "harness/spec/captures.h"

namespace netgrade::peers::script_internal {

using Action = spec::Step::Action;
using Kind = ScriptFailure::Kind;
using End = ScriptFailure::End;

// Steps that wait for the student's program, and so fail when it is seen at rest.
bool WaitsForStudent(Action a);

// A UDP datagram the peer as server took in, not yet answered nor checked.
struct Datagram {
  size_t log_index;
  std::string text;
  Address from;
  std::string raw;  // as it came: `text` is without its trailing newline
};

class ScriptPlayer : public Peer {
 public:
  ScriptPlayer(EventLoop& loop, const spec::Spec& spec, const spec::Case& test,
               const ScriptPeerOptions& options);
  ~ScriptPlayer() override { Close(); }

  const Address& address() const { return server_->address(); }
  size_t refused_connections() const override {
    return server_ ? server_->refused_connections() : 0;
  }
  Admission* admission() override { return server_ ? &server_->admission() : nullptr; }
  void Start() override { Advance(); }
  bool done() const override { return failure_ || current_ >= steps_.size() || answer_all_; }
  const std::vector<ConnectionLog>& log() const override { return log_; }
  bool other_protocol_seen() const override { return decoy_ && decoy_->seen(); }
  const ScriptFailure* script_failure() const override {
    if (failure_) return &*failure_;
    if (done() || current_ >= steps_.size()) return nullptr;
    // `answer: all` answers until the end: the case's end is its own.
    const spec::Step& s = steps_[current_];
    if (s.action == Action::kAnswer && s.count < 0) return nullptr;
    ended_ = Unmet(End::kCaseEnded);
    ended_->hint = ChooseHint(s, *ended_);
    return &*ended_;
  }
  std::string Describe() const override;
  void Close() override;

 private:
  enum class Status { kDone, kWait, kFail };
  // script_peer.cc: the steps in order, the rest watch, what comes to the server side.
  void Advance();
  Status Play(const spec::Step& s);
  // script_steps.cc: each kind of step.
  Status PlayConnection(const spec::Step& s);
  // A connect step: opens the connection when first played, then waits for the program to
  // accept it.
  Status PlayConnect(const spec::Step& s, bool first);
  // no_connection: fails when the program has opened a connection to the peer's server that
  // no accept took; holds once the program is seen at rest without one.
  Status PlayNoConnection(const spec::Step& s);
  // A step of the UDP peer as server, played on its one socket.
  Status PlayOnServerSocket(const spec::Step& s);
  Status PlayExpect(const spec::Step& s, ScriptConn* c);
  // script_bytes.cc: an expect that reads bytes (hex, base64, bytes, length_prefix, until).
  Status PlayBytes(const spec::Step& s, ScriptConn* c);
  Status CheckBytes(const spec::Step& s, const std::string& got);
  Status PlayAnswer(const spec::Step& s, ScriptConn* c);
  Status PlayControl(const spec::Step& s);
  Status PlayPeer(const spec::Step& s);
  // script_at_once.cc: the send at current_ and the `at_once` sends right after it, written
  // in one turn with the program held still; a step's text with the captures filled in.
  void SendTogether();
  std::string TextOf(const spec::Step& s) const;
  // A pattern with the peer's own placeholders filled in ({origin_port}: digits, nothing a
  // pattern reads otherwise); captures are not, as they may hold any byte.
  std::string OwnPlaceholders(const std::string& pattern) const;
  // script_blocks.cc: lines, end, and the line end of what an expect took.
  Status PlayLines(const spec::Step& s, ScriptConn* c);
  Status PlayEnd(const spec::Step& s, ScriptConn* c);
  Status CheckLineEnd(const spec::Step& s, ScriptConn* c, const std::string& got);
  void NextStep();
  void Accepted(Fd fd, const Address& from, const std::string& dialled);
  void Received(const std::string& data, const Address& from, const std::string& dialled);
  bool AnswerDatagram();
  ScriptConn* Find(const std::string& name) const;
  ScriptConn* Claim(const std::string& name);
  void LookForRest();
  void ArmRestLook();
  size_t ActivityMark() const;
  // The program's rest is sure at this look: nothing on its way either way (LookForRest).
  bool NothingInFlight() const;
  // script_blocked.cc: a connect waits for the program to accept; an expect that waits in
  // vain looks whether the program is asleep reading another client meanwhile.
  bool AwaitsAccept(const ScriptConn& c) const;
  void LookWhereBlocked();
  int MessagesReceived() const;
  // script_report.cc: what a failed step reports.
  ScriptFailure Base(const spec::Step& s) const;
  ScriptFailure Unmet(End end) const;
  Status Fail(ScriptFailure f);
  std::function<void()> Changed() {
    return [this] { Advance(); };
  }

  EventLoop& loop_;
  std::vector<spec::Step> steps_;
  // The lab's names for its connections (the role's, then the spec's): a timeout's note names
  // the step's connection as a student reads it (spec/connection_words.h).
  std::map<std::string, std::string> connection_names_;
  std::string reply_;
  bool tcp_;
  ScriptPeerOptions options_;
  std::shared_ptr<bool> alive_;     // control callbacks that come after the peer is gone do nothing
  std::vector<ConnectionLog> log_;  // before conns_: they write into it until they are gone
  RecordBudget received_budget_;
  RecordBudget replies_budget_;
  std::vector<std::unique_ptr<ScriptConn>> conns_;
  std::unique_ptr<ScriptServer> server_;
  std::unique_ptr<Decoy> decoy_;
  std::vector<Datagram> datagrams_;     // UDP, peer as server: every datagram that came
  size_t datagrams_taken_ = 0;          // answered or checked
  int answered_ = 0;                    // answers given, over the case ({n})
  std::optional<std::string> matches_;  // peer.matches: groups that fill reply_
  spec::Captures captures_;             // named groups the script's `matches` took so far
  size_t sent_until_ = 0;               // at_once: the sends before this step are written
  bool answer_all_ = false;             // UDP: every datagram is answered until the case ends
  bool restarted_ = false;              // `start: peer` has been played
  size_t current_ = 0;
  bool started_ = false;           // the current step has begun
  bool first_ = false;             // the current step is being played for the first time
  bool asked_ = false;             // a step on the case: the control has been asked
  ScriptConn* claimed_ = nullptr;  // kAccept: the connection it took
  int remaining_ = 0;              // kAnswer: messages still to answer (-1: all)
  int answered_here_ = 0;
  bool control_done_ = false;
  bool control_ok_ = true;
  uint64_t timer_ = 0;  // kPause
  uint64_t start_timer_ = 0;
  uint64_t rest_timer_ = 0;
  size_t rest_mark_ = 0;
  bool rest_acts_ = false;  // the rest timer counts as an action pending (EventLoop::At)
  std::optional<TimePoint> rest_since_;
  std::optional<TimePoint> sure_since_;  // NothingInFlight() at every look since
  bool at_rest_ = false;                 // the current step's program was seen at rest for rest_for
  bool advancing_ = false;
  bool again_ = false;
  std::optional<ScriptFailure> failure_;
  mutable std::optional<ScriptFailure> ended_;
  // Seen at the last look at rest during step `step` (an expect on a TCP connection): the
  // program asleep reading connection `other` while a line waited unread, or a connection
  // unaccepted: the expect's own, or `starved`'s (another client's, which `other` may be).
  struct Blocked {
    size_t step = 0;
    std::string other;
    bool other_silent = false;
    bool unaccepted = false;
    bool seen = true;     // the program was seen reading `other` itself (not only one socket)
    std::string starved;  // "" when the connection left waiting is the expect's own
  };
  std::optional<Blocked> blocked_;
};

}  // namespace netgrade::peers::script_internal
