#include "harness/peers/script_peer.h"

#include <fmt/core.h>

#include <algorithm>
#include <cstring>

#include "harness/base/error.h"
#include "harness/base/text.h"
#include "harness/peers/reply.h"
#include "harness/peers/script_conn.h"
#include "harness/peers/script_expect.h"
#include "harness/peers/script_server.h"
#include "harness/peers/udp_peers.h"

namespace netgrade::peers {
namespace {

using Action = spec::Step::Action;
using Kind = ScriptFailure::Kind;
using End = ScriptFailure::End;

// How often a waiting step looks whether the program has come to rest.
constexpr auto kRestLook = std::chrono::milliseconds(5);

// Steps that wait for the student's program, and so fail when it is seen at rest.
bool WaitsForStudent(Action a) {
  switch (a) {
    case Action::kConnect:
    case Action::kAccept:
    case Action::kSend:
    case Action::kExpect:
    case Action::kAnswer:
    case Action::kUntilReceived:
      return true;
    default:
      return false;
  }
}

// A UDP datagram the peer as server took in, not yet answered nor checked.
struct Datagram {
  size_t log_index;
  std::string text;
  Address from;
};

class ScriptPeer : public Peer {
 public:
  ScriptPeer(EventLoop& loop, const spec::Spec& spec, const spec::Case& test,
             const ScriptPeerOptions& options)
      : loop_(loop),
        steps_(test.script),
        reply_(test.peer.reply.value_or("{upper}")),
        tcp_(spec.protocol == spec::Protocol::kTcp),
        options_(options),
        alive_(std::make_shared<bool>(true)) {
    if (options_.active) return;
    server_ = std::make_unique<ScriptServer>(
        loop_, tcp_,
        [this](Fd fd, const Address& from, const std::string& dialled) {
          Accepted(std::move(fd), from, dialled);
        },
        [this](const std::string& data, const Address& from, const std::string& dialled) {
          Received(data, from, dialled);
        });
    server_->Start(options_.address);
    decoy_ = std::make_unique<Decoy>(loop_, server_->address(), !tcp_);
    // The program is started after the peer: the script begins on the loop's first round.
    start_timer_ = loop_.At(loop_.Now(), [this] {
      start_timer_ = 0;
      Advance();
    });
  }
  ~ScriptPeer() override { Close(); }

  const Address& address() const { return server_->address(); }
  void Start() override { Advance(); }
  bool done() const override { return failure_ || current_ >= steps_.size() || answer_all_; }
  const std::vector<ConnectionLog>& log() const override { return log_; }
  bool other_protocol_seen() const override { return decoy_ && decoy_->seen(); }
  const ScriptFailure* script_failure() const override {
    if (failure_) return &*failure_;
    if (done() || current_ >= steps_.size()) return nullptr;
    ended_ = Unmet(End::kCaseEnded);
    return &*ended_;
  }
  std::string Describe() const override;
  void Close() override;

 private:
  enum class Status { kDone, kWait, kFail };
  void Advance();
  Status Play(const spec::Step& s);
  Status PlayConnection(const spec::Step& s);
  Status PlayExpect(const spec::Step& s, ScriptConn* c);
  Status PlayAnswer(const spec::Step& s, ScriptConn* c);
  Status PlayControl(const spec::Step& s);
  Status PlayPeer(const spec::Step& s);
  void NextStep();
  void Accepted(Fd fd, const Address& from, const std::string& dialled);
  void Received(const std::string& data, const Address& from, const std::string& dialled);
  bool AnswerDatagram();
  ScriptConn* Find(const std::string& name) const;
  ScriptConn* Claim(const std::string& name);
  void LookForRest();
  size_t ActivityMark() const;
  int MessagesReceived() const;
  ScriptFailure Base(const spec::Step& s) const;
  ScriptFailure Unmet(End end) const;
  Status Fail(ScriptFailure f);
  std::function<void()> Changed() {
    return [this] { Advance(); };
  }

  EventLoop& loop_;
  std::vector<spec::Step> steps_;
  std::string reply_;
  bool tcp_;
  ScriptPeerOptions options_;
  std::shared_ptr<bool> alive_;  // control callbacks that come after the peer is gone do nothing
  std::vector<ConnectionLog> log_;  // before conns_: they write into it until they are gone
  RecordBudget received_budget_;
  RecordBudget replies_budget_;
  std::vector<std::unique_ptr<ScriptConn>> conns_;
  std::unique_ptr<ScriptServer> server_;
  std::unique_ptr<Decoy> decoy_;
  std::vector<Datagram> datagrams_;  // UDP, peer as server: every datagram that came
  size_t datagrams_taken_ = 0;       // answered or checked
  int answered_ = 0;                 // answers given, over the case ({n})
  bool answer_all_ = false;          // UDP: every datagram is answered until the case ends
  bool restarted_ = false;           // `start: peer` has been played
  size_t current_ = 0;
  bool started_ = false;  // the current step has begun
  bool first_ = false;    // the current step is being played for the first time
  bool asked_ = false;    // a step on the case: the control has been asked
  int remaining_ = 0;     // kAnswer: messages still to answer (-1: all)
  int answered_here_ = 0;
  bool control_done_ = false;
  bool control_ok_ = true;
  uint64_t timer_ = 0;  // kPause
  uint64_t start_timer_ = 0;
  uint64_t rest_timer_ = 0;
  size_t rest_mark_ = 0;
  std::optional<TimePoint> rest_since_;
  bool at_rest_ = false;  // the current step's program was seen at rest for rest_for
  bool advancing_ = false;
  bool again_ = false;
  std::optional<ScriptFailure> failure_;
  mutable std::optional<ScriptFailure> ended_;
};

void ScriptPeer::Advance() {
  if (advancing_) {
    again_ = true;  // a callback from inside a step: looked at again below
    return;
  }
  advancing_ = true;
  do {
    again_ = false;
    while (!done()) {
      Status s = Play(steps_[current_]);
      if (s != Status::kDone) break;
      NextStep();
    }
  } while (again_ && !done());
  advancing_ = false;
  if (done()) {
    if (rest_timer_) loop_.Cancel(rest_timer_);
    rest_timer_ = 0;
    if (!failure_)
      for (ConnectionLog& l : log_) l.complete = true;
    return;
  }
  const spec::Step& s = steps_[current_];
  bool quiet_passes = s.action == Action::kUntilWaiting ||
                      (s.action == Action::kExpect && s.answer.kind == spec::Answer::Kind::kNothing);
  if (!rest_timer_ && (WaitsForStudent(s.action) || quiet_passes) &&
      (options_.resting || quiet_passes)) {
    rest_mark_ = ActivityMark();
    rest_timer_ = loop_.Look(loop_.Now() + kRestLook, [this] { LookForRest(); });
  }
}

void ScriptPeer::NextStep() {
  ++current_;
  started_ = control_done_ = at_rest_ = asked_ = false;
  control_ok_ = true;
  remaining_ = answered_here_ = 0;
  rest_since_.reset();
  if (rest_timer_) loop_.Cancel(rest_timer_);
  rest_timer_ = 0;
}

// The program has rested for rest_for with the step's condition unmet: `expect: nothing` and
// `until: waiting` are met so, any other step has waited in vain. Without a way to see the
// program, the first two take a quiet of `patience` instead.
void ScriptPeer::LookForRest() {
  rest_timer_ = 0;
  if (done()) return;
  size_t mark = ActivityMark();
  bool resting = options_.resting ? options_.resting() : true;
  if (!resting || mark != rest_mark_) {
    rest_mark_ = mark;
    rest_since_.reset();
  } else {
    if (!rest_since_) rest_since_ = loop_.Now();
    auto bound = options_.resting ? options_.thresholds.rest_for : options_.thresholds.patience;
    if (loop_.Now() - *rest_since_ >= bound) {
      at_rest_ = true;
      Advance();
      return;
    }
  }
  rest_timer_ = loop_.Look(loop_.Now() + kRestLook, [this] { LookForRest(); });
}

size_t ScriptPeer::ActivityMark() const {
  size_t mark = log_.size() + datagrams_.size();
  for (const ConnectionLog& l : log_)
    mark += l.received.size() + l.datagrams.size() + l.sent.size() + l.replies_sent.size() +
            (l.eof ? 1 : 0) + (l.reset ? 1 : 0) + (l.connected ? 1 : 0);
  return mark;
}

int ScriptPeer::MessagesReceived() const {
  size_t n = 0;
  for (const ConnectionLog& l : log_)
    n += tcp_ ? static_cast<size_t>(std::count(l.received.begin(), l.received.end(), '\n'))
              : l.datagrams.size();
  return static_cast<int>(n);
}

ScriptConn* ScriptPeer::Find(const std::string& name) const {
  for (const auto& c : conns_)
    if (c->name() == name) return c.get();
  return nullptr;
}

// Peer as TCP server: the first connection accepted and not yet named is `name`.
ScriptConn* ScriptPeer::Claim(const std::string& name) {
  for (const auto& c : conns_)
    if (c->name().empty()) {
      c->set_name(name);
      return c.get();
    }
  return nullptr;
}

void ScriptPeer::Accepted(Fd fd, const Address& from, const std::string& dialled) {
  log_.emplace_back();
  log_.back().remote = from.ToString();
  log_.back().dialled = dialled;
  conns_.push_back(std::make_unique<ScriptConn>(loop_, "", log_, log_.size() - 1, received_budget_,
                                                true, Changed()));
  conns_.back()->Adopt(std::move(fd));
  Advance();
}

void ScriptPeer::Received(const std::string& data, const Address& from,
                          const std::string& dialled) {
  std::string source = from.ToString();
  size_t index = log_.size();
  for (size_t i = 0; i < log_.size(); ++i)
    if (!log_[i].datagram_sources.empty() && log_[i].datagram_sources.front() == source) index = i;
  if (index == log_.size()) {
    if (log_.size() >= 1000) return;  // a flood from ever-new ports: keep the first ones
    log_.emplace_back();
    log_.back().connected = true;
    log_.back().dialled = dialled;
  }
  ConnectionLog& l = log_[index];
  std::string text = DatagramText(data.data(), data.size());
  if (!received_budget_.Fits(text.size())) {
    l.received_cut = true;
    return;
  }
  received_budget_.Take(text.size(), 1);
  l.datagrams.push_back(text);
  l.datagram_sources.push_back(source);
  l.datagram_sizes.push_back(data.size());
  datagrams_.push_back({index, text, from});
  if (answer_all_) AnswerDatagram();
  Advance();
}

// UDP, peer as server: answers the next datagram not yet taken; false when there is none.
bool ScriptPeer::AnswerDatagram() {
  if (datagrams_taken_ >= datagrams_.size()) return false;
  const Datagram& d = datagrams_[datagrams_taken_++];
  std::string answer = ApplyReplyTemplate(reply_, d.text, ++answered_);
  server_->SendTo(d.from, answer);
  ConnectionLog& l = log_[d.log_index];
  if (replies_budget_.Fits(answer.size())) {
    replies_budget_.Take(answer.size(), 1);
    l.replies_sent.push_back(answer);
  } else {
    l.replies_cut = true;
  }
  return true;
}

ScriptPeer::Status ScriptPeer::Play(const spec::Step& s) {
  first_ = !started_;
  bool first = first_;
  started_ = true;
  switch (s.action) {
    case Action::kConnect:
    case Action::kAccept:
    case Action::kSend:
    case Action::kExpect:
    case Action::kAnswer:
    case Action::kClose:
    case Action::kReset:
      return PlayConnection(s);
    case Action::kUntilReceived:
      if (MessagesReceived() >= s.count) return Status::kDone;
      return at_rest_ ? Fail(Unmet(End::kAtRest)) : Status::kWait;
    case Action::kPause:
      if (first)
        timer_ = loop_.At(loop_.Now() + std::chrono::milliseconds(s.ms), [this] {
          timer_ = 0;
          control_done_ = true;
          Advance();
        });
      return control_done_ ? Status::kDone : Status::kWait;
    case Action::kStopPeer:
    case Action::kStartPeer:
      return PlayPeer(s);
    default:
      return PlayControl(s);
  }
}

ScriptPeer::Status ScriptPeer::PlayConnection(const spec::Step& s) {
  bool first = first_;
  if (s.action == Action::kConnect) {
    if (!options_.active) {
      ScriptFailure f = Base(s);
      f.kind = Kind::kGrader;
      f.detail = "the peer plays the server here: it cannot connect";
      return Fail(f);
    }
    if (first) {
      log_.emplace_back();
      conns_.push_back(std::make_unique<ScriptConn>(loop_, s.on, log_, log_.size() - 1,
                                                    received_budget_, tcp_, Changed()));
      conns_.back()->Connect(options_.address);
    }
    ScriptConn* c = Find(s.on);
    if (c->connecting()) return at_rest_ ? Fail(Unmet(End::kAtRest)) : Status::kWait;
    if (int err = log_[c->log_index()].connect_errno; err != 0) {
      ScriptFailure f = Base(s);
      f.kind = Kind::kRefused;
      f.detail = std::strerror(err);
      return Fail(f);
    }
    return Status::kDone;
  }
  if (!tcp_ && !options_.active) {
    // UDP, peer as server: one socket, no connections (`on` is ignored).
    if (s.action == Action::kAnswer) return PlayAnswer(s, nullptr);
    if (s.action == Action::kExpect) return PlayExpect(s, nullptr);
    if (s.action == Action::kSend) {
      if (datagrams_.empty() || !server_->running()) {
        ScriptFailure f = Base(s);
        f.kind = Kind::kGrader;
        f.detail = "no datagram had come: the peer does not know where to send";
        return Fail(f);
      }
      server_->SendTo(datagrams_.back().from, s.text);
      return Status::kDone;
    }
    return Status::kDone;  // close, reset: nothing to do on a server's one socket
  }
  ScriptConn* c = Find(s.on);
  if (c == nullptr && !options_.active && tcp_) c = Claim(s.on);  // accept, or the next one
  if (c == nullptr) {
    if (options_.active) {
      ScriptFailure f = Base(s);
      f.kind = Kind::kGrader;
      f.detail = "no connection of that name was opened (connect) before";
      return Fail(f);
    }
    return at_rest_ ? Fail(Unmet(End::kAtRest)) : Status::kWait;
  }
  switch (s.action) {
    case Action::kSend:
      if (first) c->Send(s.text, s.newline);
      if (c->send_failed()) {
        ScriptFailure f = Base(s);
        f.kind = Kind::kSendFailed;
        f.end = log_[c->log_index()].reset ? End::kReset : End::kClosed;
        return Fail(f);
      }
      if (!c->flushed()) return at_rest_ ? Fail(Unmet(End::kAtRest)) : Status::kWait;
      return Status::kDone;
    case Action::kExpect:
      return PlayExpect(s, c);
    case Action::kAnswer:
      if (first) remaining_ = s.count;
      return PlayAnswer(s, c);
    case Action::kClose:
      c->Close();
      return Status::kDone;
    case Action::kReset:
      c->Reset();
      return Status::kDone;
    default:
      return Status::kDone;  // kAccept: claimed above
  }
}

ScriptPeer::Status ScriptPeer::PlayExpect(const spec::Step& s, ScriptConn* c) {
  std::optional<std::string> got;
  std::string untaken;
  if (c != nullptr) {
    got = c->TakeMessage();
    untaken = c->Untaken();
  } else if (datagrams_taken_ < datagrams_.size()) {
    got = datagrams_[datagrams_taken_++].text;
  }
  std::string last = c ? c->last_sent() : std::string();
  int n = c ? c->sent_count() : 0;
  if (s.answer.kind == spec::Answer::Kind::kNothing) {
    if (got || !untaken.empty()) {
      ScriptFailure f = Base(s);
      f.kind = Kind::kUnexpectedAnswer;
      f.received = got ? *got : untaken;
      f.unterminated = !got;
      return Fail(f);
    }
    return at_rest_ ? Status::kDone : Status::kWait;
  }
  if (got) {
    if (AnswerMatches(s.answer, last, n, *got)) return Status::kDone;
    ScriptFailure f = Base(s);
    f.kind = Kind::kWrongAnswer;
    f.received = *got;
    return Fail(f);
  }
  if (c != nullptr && (c->ended() || c->send_failed()))
    return Fail(Unmet(log_[c->log_index()].reset ? End::kReset : End::kClosed));
  return at_rest_ ? Fail(Unmet(End::kAtRest)) : Status::kWait;
}

ScriptPeer::Status ScriptPeer::PlayAnswer(const spec::Step& s, ScriptConn* c) {
  if (c == nullptr) {  // UDP, peer as server
    if (s.count < 0) {
      answer_all_ = true;  // the rest of the case: the script ends here
      while (AnswerDatagram()) {
      }
      return Status::kDone;
    }
    while (answered_here_ < s.count && AnswerDatagram()) ++answered_here_;
    if (answered_here_ >= s.count) return Status::kDone;
    return at_rest_ ? Fail(Unmet(End::kAtRest)) : Status::kWait;
  }
  while (remaining_ != 0) {
    std::optional<std::string> line = c->TakeMessage();
    if (!line) break;
    c->Reply(ApplyReplyTemplate(reply_, *line, ++answered_), replies_budget_);
    ++answered_here_;
    if (remaining_ > 0) --remaining_;
  }
  if (!c->flushed()) return at_rest_ ? Fail(Unmet(End::kAtRest)) : Status::kWait;
  if (remaining_ == 0) return Status::kDone;
  if (c->ended()) {
    if (s.count < 0) return Status::kDone;  // every message until the program closed
    return Fail(Unmet(log_[c->log_index()].reset ? End::kReset : End::kClosed));
  }
  if (at_rest_ && s.count < 0) return Status::kDone;  // answered all that came
  return at_rest_ ? Fail(Unmet(End::kAtRest)) : Status::kWait;
}

ScriptPeer::Status ScriptPeer::PlayPeer(const spec::Step& s) {
  if (s.action == Action::kStopPeer) {
    for (auto& c : conns_) c->Drop();
    if (server_) server_->Stop();
    return Status::kDone;
  }
  if (!server_) return Status::kDone;  // a client has nothing to listen with
  try {
    server_->Start(server_->address());
  } catch (const SystemError& e) {
    ScriptFailure f = Base(s);
    f.kind = Kind::kGrader;
    f.detail = fmt::format("it could not listen on port {} again: {}", server_->address().port(),
                           std::strerror(e.errno_value()));
    return Fail(f);
  }
  restarted_ = true;
  return Status::kDone;
}

ScriptPeer::Status ScriptPeer::PlayControl(const spec::Step& s) {
  CaseControl* control = options_.control;
  if (control == nullptr) {
    if (s.action == Action::kUntilWaiting)  // seen at rest by the peer itself
      return at_rest_ ? Status::kDone : Status::kWait;
    ScriptFailure f = Base(s);
    f.kind = Kind::kGrader;
    f.detail = "the case runner gave the script no control over the program";
    return Fail(f);
  }
  if (control_done_) {
    if (control_ok_) return Status::kDone;
    ScriptFailure f = Base(s);
    f.kind = s.action == Action::kListening ? Kind::kNotListeningAgain : Kind::kGrader;
    if (f.kind == Kind::kGrader) f.detail = "the program could not be started again";
    return Fail(f);
  }
  if (asked_) return Status::kWait;
  asked_ = true;
  std::weak_ptr<bool> alive = alive_;
  size_t step = current_;
  auto done = [this, alive, step](bool ok) {
    if (alive.expired() || current_ != step) return;
    control_done_ = true;
    control_ok_ = ok;
    Advance();
  };
  switch (s.action) {
    case Action::kStopStudent:
      control->StopStudent([done] { done(true); });
      break;
    case Action::kStartStudent:
      control->StartStudent(done);
      break;
    case Action::kListening: {
      auto within = std::chrono::milliseconds(
          static_cast<int64_t>(s.ms * options_.thresholds.multiplier + 0.5));
      control->AwaitListening(within, done);
      break;
    }
    case Action::kUntilWaiting:
      control->AwaitWaiting([done] { done(true); });
      break;
    case Action::kStdin:
      control->FeedStdin(s.text);
      return Status::kDone;
    case Action::kCloseStdin:
      control->CloseStdin();
      return Status::kDone;
    default:
      return Status::kDone;
  }
  // A callback that came at once set control_done_: look again.
  return control_done_ ? PlayControl(s) : Status::kWait;
}

ScriptFailure ScriptPeer::Base(const spec::Step& s) const {
  ScriptFailure f;
  f.step = current_ + 1;
  f.line = s.mark.line;
  f.step_name = spec::StepName(s.action);
  f.udp = !tcp_;
  f.hint = s.hint;
  bool on_connection = s.action == Action::kConnect || s.action == Action::kAccept ||
                       s.action == Action::kSend || s.action == Action::kExpect ||
                       s.action == Action::kAnswer || s.action == Action::kClose ||
                       s.action == Action::kReset;
  if (on_connection && (tcp_ || options_.active)) f.on = s.on;
  ScriptConn* c = on_connection ? Find(s.on) : nullptr;
  if (c != nullptr && c->sent_count() > 0) f.sent = c->last_sent();
  if (s.action == Action::kExpect) {
    std::string last = c ? c->last_sent() : std::string();
    int n = c ? c->sent_count() : 0;
    f.expected = DescribeExpected(s.answer, last, n);
    f.expected_text = ExpectedText(s.answer, last, n);
  }
  return f;
}

// The current step, its condition unmet when the waiting ended so.
ScriptFailure ScriptPeer::Unmet(End end) const {
  const spec::Step& s = steps_[current_];
  ScriptFailure f = Base(s);
  f.end = end;
  ScriptConn* c = Find(s.on);
  switch (s.action) {
    case Action::kConnect:
      f.kind = Kind::kRefused;
      f.detail = "the connection was never set up";
      break;
    case Action::kAccept:
      f.kind = restarted_ ? Kind::kNoReconnect : Kind::kNoConnection;
      break;
    case Action::kSend:
      f.kind = c == nullptr ? (restarted_ ? Kind::kNoReconnect : Kind::kNoConnection)
                            : Kind::kNoAnswer;
      if (c != nullptr) f.detail = "the program did not read what was sent";
      break;
    case Action::kExpect:
    case Action::kAnswer:
      if (c == nullptr && tcp_ && !options_.active) {
        f.kind = restarted_ ? Kind::kNoReconnect : Kind::kNoConnection;
        break;
      }
      f.kind = s.action == Action::kExpect ? Kind::kNoAnswer : Kind::kMissingMessage;
      if (s.action == Action::kAnswer) {
        f.count = s.count;
        f.got = answered_here_;
      }
      if (c != nullptr && !c->Untaken().empty()) {
        f.received = c->Untaken();
        f.unterminated = true;
      } else if (c != nullptr && s.action == Action::kExpect && tcp_ &&
                 (end == End::kAtRest || end == End::kCaseEnded)) {
        // Nothing came on it while another connection was open and silent: the program was
        // serving that one only.
        for (const auto& other : conns_)
          if (other.get() != c && other->open() && other->silent() && !other->name().empty()) {
            f.kind = Kind::kOneClientAtATime;
            f.silent = other->name();
            break;
          }
      }
      break;
    case Action::kUntilReceived:
      f.kind = Kind::kMissingMessage;
      f.count = s.count;
      f.got = MessagesReceived();
      break;
    case Action::kListening:
      f.kind = Kind::kNotListeningAgain;
      break;
    default:
      f.kind = Kind::kGrader;
      f.detail = "the step had not ended";
      break;
  }
  return f;
}

ScriptPeer::Status ScriptPeer::Fail(ScriptFailure f) {
  failure_ = std::move(f);
  return Status::kFail;
}

std::string ScriptPeer::Describe() const {
  if (failure_)
    return fmt::format("the script stopped at step {} ({})", failure_->step, failure_->step_name);
  if (done()) return "the script had been played to its end";
  const spec::Step& s = steps_[current_];
  std::string on = WaitsForStudent(s.action) ? " on " + s.on : "";
  return fmt::format("the script was at step {}{} ({}{})", current_ + 1,
                     s.mark.line ? fmt::format(" (line {})", s.mark.line) : "",
                     spec::StepName(s.action), on);
}

void ScriptPeer::Close() {
  for (uint64_t* t : {&timer_, &start_timer_, &rest_timer_}) {
    if (*t) loop_.Cancel(*t);
    *t = 0;
  }
  conns_.clear();
  if (server_) server_->Stop();
  if (decoy_) decoy_->Close();
}

}  // namespace

std::unique_ptr<Peer> MakeScriptPeer(EventLoop& loop, const spec::Spec& spec,
                                     const spec::Case& test, const ScriptPeerOptions& options,
                                     Address* bound) {
  auto peer = std::make_unique<ScriptPeer>(loop, spec, test, options);
  if (bound != nullptr && !options.active) *bound = peer->address();
  return peer;
}

}  // namespace netgrade::peers
