#include "harness/peers/script_peer.h"

#include <fmt/core.h>

#include <algorithm>
#include <cstring>

#include "harness/base/error.h"
#include "harness/base/in_flight.h"
#include "harness/base/text.h"
#include "harness/peers/script_expect.h"
#include "harness/peers/script_player.h"
#include "harness/peers/udp_peers.h"
#include "harness/spec/reply.h"

namespace netgrade::peers {
namespace script_internal {

// How often a waiting step looks whether the program has come to rest.
constexpr auto kRestLook = std::chrono::milliseconds(5);
// A rest seen surely (NothingInFlight) at two looks this far apart is decided, as a case's end
// is (run/rest_watch.h). One look is not enough: bytes move between the places it looks at
// (Nagle's queue in the program's kernel, the backlog, the grader's socket) while it looks, in
// softirq context on the other CPU; within microseconds they are somewhere it sees, or read.
constexpr auto kRestConfirm = std::chrono::milliseconds(2);

// Steps that wait for the student's program, and so fail when it is seen at rest.
bool WaitsForStudent(Action a) {
  switch (a) {
    case Action::kConnect:
    case Action::kAccept:
    case Action::kSend:
    case Action::kExpect:
    case Action::kAnswer:
    case Action::kUntilReceived:
    case Action::kLines:
    case Action::kEnd:
      return true;
    default:
      return false;
  }
}

ScriptPlayer::ScriptPlayer(EventLoop& loop, const spec::Spec& spec, const spec::Case& test,
                           const ScriptPeerOptions& options)
    : loop_(loop),
      steps_(test.script),
      reply_(test.peer.reply.value_or("{upper}")),
      tcp_(spec.protocol == spec::Protocol::kTcp),
      options_(options),
      alive_(std::make_shared<bool>(true)),
      matches_(test.peer.matches) {
  for (const spec::Role& r : spec.roles)
    if (r.name == test.role) connection_names_ = r.connection_names;
  connection_names_.insert(spec.connection_names.begin(), spec.connection_names.end());
  if (options_.active) {
    if (options_.own_server) {
      // The program's server too: its connections are `accept`ed as a passive peer's are.
      server_ = std::make_unique<ScriptServer>(
          loop_, tcp_,
          [this](Fd fd, const Address& from, const std::string& dialled) {
            Accepted(std::move(fd), from, dialled);
          },
          [](const std::string&, const Address&, const std::string&) {});
      server_->Start(*options_.own_server);
      captures_["origin_port"] = std::to_string(server_->address().port());
    }
    return;
  }
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

void ScriptPlayer::Advance() {
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
  bool quiet_passes =
      (s.action == Action::kUntilWaiting && options_.control == nullptr) ||
      (s.action == Action::kExpect && s.answer.kind == spec::Answer::Kind::kNothing) ||
      (s.action == Action::kEnd && s.end == spec::ConnEnd::kOpen) ||
      s.action == Action::kNoConnection;
  if (!rest_timer_ && (WaitsForStudent(s.action) || quiet_passes) &&
      (options_.resting || quiet_passes)) {
    rest_mark_ = ActivityMark();
    // A step that rest ends well (`answer: all` too) leaves the peer something to do after
    // it: the case runner, which also ends a case at rest, must not end it first (an action
    // pending).
    rest_acts_ = quiet_passes || (s.action == Action::kAnswer && s.count < 0) ||
                 (s.action == Action::kConnect && tcp_ && options_.active);  // goes on at rest
    ArmRestLook();
  }
}

void ScriptPlayer::ArmRestLook() {
  auto look = [this] { LookForRest(); };
  rest_timer_ = rest_acts_ ? loop_.At(loop_.Now() + kRestLook, look)
                           : loop_.Look(loop_.Now() + kRestLook, look);
}

void ScriptPlayer::NextStep() {
  ++current_;
  started_ = control_done_ = at_rest_ = asked_ = false;
  claimed_ = nullptr;
  control_ok_ = true;
  remaining_ = answered_here_ = 0;
  rest_since_.reset();
  sure_since_.reset();
  if (rest_timer_) loop_.Cancel(rest_timer_);
  rest_timer_ = 0;
}

// The program is at rest with the step's condition unmet: `expect: nothing` and `until:
// waiting` are met so, any other step has waited in vain. Decided once the rest is confirmed
// (kRestConfirm) with nothing in flight (options_.resting_surely); else after rest_for of rest
// (a program in select() with a line unread on a socket it no longer watches: only its rest
// is seen, not where it waits).
// Without a way to see the program, the first two take a quiet of `patience` instead.
void ScriptPlayer::LookForRest() {
  rest_timer_ = 0;
  if (done()) return;
  // Nothing on the peer's side tells when the program accepts a connection: looked at here.
  const spec::Step& step = steps_[current_];
  if (step.action == Action::kConnect && started_) {
    ScriptConn* c = Find(step.on);
    if (c != nullptr && !c->connecting() && !AwaitsAccept(*c)) {
      Advance();
      return;
    }
  }
  size_t mark = ActivityMark();
  bool resting = options_.resting ? options_.resting() : true;
  if (resting && options_.resting) LookWhereBlocked();
  if (!resting || mark != rest_mark_) {
    rest_mark_ = mark;
    rest_since_.reset();
    sure_since_.reset();
  } else {
    if (!rest_since_) rest_since_ = loop_.Now();
    if (!NothingInFlight())
      sure_since_.reset();
    else if (!sure_since_)
      sure_since_ = loop_.Now();
    auto bound = options_.resting ? options_.thresholds.rest_for : options_.thresholds.patience;
    bool decided = sure_since_ && loop_.Now() - *sure_since_ >= kRestConfirm;
    if (decided || loop_.Now() - *rest_since_ >= bound) {
      at_rest_ = true;
      Advance();
      return;
    }
  }
  ArmRestLook();
}

// In the order bytes travel, so that bytes moving while it looks are met again further on:
// what either side has not sent yet (the script's connections; the program's, in
// resting_surely), then the kernel's backlog, then what has come and waits to be read (the
// grader's sockets; the program's, in resting_surely, which looks at both of its ends).
bool ScriptPlayer::NothingInFlight() const {
  if (!options_.resting_surely) return false;
  if (std::any_of(conns_.begin(), conns_.end(), [](const auto& c) { return c->Unsent(); }))
    return false;
  if (!options_.resting_surely()) return false;
  return NothingBetween(loop_);
}

size_t ScriptPlayer::ActivityMark() const {
  size_t mark = log_.size() + datagrams_.size();
  for (const ConnectionLog& l : log_)
    mark += l.received.size() + l.datagrams.size() + l.sent.size() + l.replies_sent.size() +
            (l.eof ? 1 : 0) + (l.reset ? 1 : 0) + (l.connected ? 1 : 0);
  return mark;
}

int ScriptPlayer::MessagesReceived() const {
  size_t n = 0;
  for (const ConnectionLog& l : log_)
    n += tcp_ ? static_cast<size_t>(std::count(l.received.begin(), l.received.end(), '\n'))
              : l.datagrams.size();
  return static_cast<int>(n);
}

// The latest connection of that name: a script may close `a` and open another `a`.
ScriptConn* ScriptPlayer::Find(const std::string& name) const {
  for (auto c = conns_.rbegin(); c != conns_.rend(); ++c)
    if ((*c)->name() == name) return c->get();
  return nullptr;
}

// Peer as TCP server: the first connection accepted and not yet named is `name`.
ScriptConn* ScriptPlayer::Claim(const std::string& name) {
  for (const auto& c : conns_)
    if (c->name().empty() && !c->closed()) {  // not one `stop: peer` dropped
      c->set_name(name);
      return c.get();
    }
  return nullptr;
}

void ScriptPlayer::Accepted(Fd fd, const Address& from, const std::string& dialled) {
  log_.emplace_back();
  log_.back().remote = from.ToString();
  log_.back().dialled = dialled;
  conns_.push_back(std::make_unique<ScriptConn>(loop_, "", log_, log_.size() - 1, received_budget_,
                                                true, Changed()));
  conns_.back()->Adopt(std::move(fd));
  Advance();
}

void ScriptPlayer::Received(const std::string& data, const Address& from,
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
  l.Note(Moment::Kind::kReceived, data);
  std::string text = DatagramText(data.data(), data.size());
  if (!received_budget_.Fits(text.size())) {
    l.received_cut = true;
    return;
  }
  received_budget_.Take(text.size(), 1);
  l.datagrams.push_back(text);
  l.datagram_sources.push_back(source);
  l.datagram_sizes.push_back(data.size());
  datagrams_.push_back({index, text, from, data});
  if (answer_all_) AnswerDatagram();
  Advance();
}

// UDP, peer as server: answers the next datagram not yet taken; false when there is none.
bool ScriptPlayer::AnswerDatagram() {
  if (datagrams_taken_ >= datagrams_.size()) return false;
  const Datagram& d = datagrams_[datagrams_taken_++];
  std::optional<std::string> computed = spec::ComputeReply(reply_, matches_, d.text, answered_ + 1);
  if (!computed) return true;  // `matches` not found in it: taken, not answered
  ++answered_;
  std::string answer = std::move(*computed);
  server_->SendTo(d.from, answer);
  ConnectionLog& l = log_[d.log_index];
  l.Note(Moment::Kind::kSent, answer);
  if (replies_budget_.Fits(answer.size())) {
    replies_budget_.Take(answer.size(), 1);
    l.replies_sent.push_back(answer);
  } else {
    l.replies_cut = true;
  }
  return true;
}

ScriptPlayer::Status ScriptPlayer::Play(const spec::Step& s) {
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
    case Action::kLines:
    case Action::kEnd:
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
    case Action::kNoConnection:
      return PlayNoConnection(s);
    default:
      return PlayControl(s);
  }
}

void ScriptPlayer::Close() {
  for (uint64_t* t : {&timer_, &start_timer_, &rest_timer_}) {
    if (*t) loop_.Cancel(*t);
    *t = 0;
  }
  conns_.clear();
  if (server_) server_->Stop();
  if (decoy_) decoy_->Close();
}

}  // namespace script_internal

std::unique_ptr<Peer> MakeScriptPeer(EventLoop& loop, const spec::Spec& spec,
                                     const spec::Case& test, const ScriptPeerOptions& options,
                                     Address* bound) {
  auto peer = std::make_unique<script_internal::ScriptPlayer>(loop, spec, test, options);
  if (bound != nullptr && !options.active) *bound = peer->address();
  return peer;
}

}  // namespace netgrade::peers
