// The script peer's steps, one kind at a time (script_player.h).
#include <fmt/core.h>

#include <algorithm>
#include <cstring>

#include "harness/base/error.h"
#include "harness/base/text.h"
#include "harness/peers/pattern_reject.h"
#include "harness/peers/script_expect.h"
#include "harness/peers/script_player.h"
#include "harness/peers/udp_peers.h"
#include "harness/spec/reply.h"

namespace netgrade::peers::script_internal {

ScriptPlayer::Status ScriptPlayer::PlayConnection(const spec::Step& s) {
  bool first = first_;
  if (s.action == Action::kConnect) return PlayConnect(s, first);
  // UDP, peer as server: one socket, no connections (`on` is ignored).
  if (!tcp_ && !options_.active) return PlayOnServerSocket(s);
  ScriptConn* c = nullptr;
  if (s.action == Action::kAccept) {
    // The next connection, even when an earlier one had the same name.
    if (first || claimed_ == nullptr) claimed_ = Claim(s.on);
    c = claimed_;
  } else {
    c = Find(s.on);
    if (c == nullptr && !options_.active && tcp_) c = Claim(s.on);  // an accept left implicit
  }
  if (c == nullptr) {
    // An active peer's connections are its own to open, but for those the program opens to
    // its server (options_.own_server): an accept waits for them.
    if (options_.active && s.action != Action::kAccept) {
      ScriptFailure f = Base(s);
      f.kind = Kind::kGrader;
      f.detail = "no connection of that name was opened (connect) before";
      return Fail(f);
    }
    return at_rest_ ? Fail(Unmet(End::kAtRest)) : Status::kWait;
  }
  switch (s.action) {
    case Action::kSend:
      if (first && current_ >= sent_until_) SendTogether();
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
    case Action::kLines:
      return PlayLines(s, c);
    case Action::kEnd:
      return PlayEnd(s, c);
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

// A connection the program opened to the peer's server that no accept has taken: one where
// none should come.
ScriptPlayer::Status ScriptPlayer::PlayNoConnection(const spec::Step& s) {
  for (const auto& c : conns_)
    if (c->name().empty() && !c->closed()) {
      ScriptFailure f = Base(s);
      f.kind = Kind::kUnwantedConnection;
      return Fail(f);
    }
  return at_rest_ ? Status::kDone : Status::kWait;
}

ScriptPlayer::Status ScriptPlayer::PlayConnect(const spec::Step& s, bool first) {
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
    conns_.back()->Connect(options_.address, s.follow);
  }
  ScriptConn* c = Find(s.on);
  if (c->connecting()) return at_rest_ ? Fail(Unmet(End::kAtRest)) : Status::kWait;
  if (int err = log_[c->log_index()].connect_errno; err != 0) {
    ScriptFailure f = Base(s);
    f.kind = Kind::kRefused;
    f.detail = std::strerror(err);
    return Fail(f);
  }
  return AwaitsAccept(*c) ? Status::kWait : Status::kDone;
}

ScriptPlayer::Status ScriptPlayer::PlayOnServerSocket(const spec::Step& s) {
  if (s.action == Action::kAnswer) return PlayAnswer(s, nullptr);
  if (s.action == Action::kExpect) return PlayExpect(s, nullptr);
  if (s.action == Action::kSend) {
    if (datagrams_.empty() || !server_->running()) {
      ScriptFailure f = Base(s);
      f.kind = Kind::kGrader;
      f.detail = "no datagram had come: the peer does not know where to send";
      return Fail(f);
    }
    server_->SendTo(datagrams_.back().from, TextOf(s));
    return Status::kDone;
  }
  return Status::kDone;  // close, reset: nothing to do on a server's one socket
}

ScriptPlayer::Status ScriptPlayer::PlayExpect(const spec::Step& s, ScriptConn* c) {
  if (s.answer.binary()) return PlayBytes(s, c);
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
    spec::Answer answer = s.answer;  // a template may use what an earlier `matches` captured
    if (answer.kind == spec::Answer::Kind::kTemplate)
      answer.text = spec::FillCaptures(answer.text, captures_);
    if (answer.kind == spec::Answer::Kind::kMatches) answer.text = OwnPlaceholders(answer.text);
    if (answer.kind == spec::Answer::Kind::kMatches &&
        spec::MatchInto(answer.text, *got, &captures_))
      return CheckLineEnd(s, c, *got);
    if (AnswerMatches(answer, last, n, *got)) return CheckLineEnd(s, c, *got);
    ScriptFailure f = Base(s);
    f.kind = Kind::kWrongAnswer;
    f.received = *got;
    if (s.answer.kind == spec::Answer::Kind::kMatches)
      f.rejected_at = FirstRejected(answer.text, *got);
    return Fail(f);
  }
  if (c != nullptr && (c->ended() || c->send_failed()))
    return Fail(Unmet(log_[c->log_index()].reset ? End::kReset : End::kClosed));
  return at_rest_ ? Fail(Unmet(End::kAtRest)) : Status::kWait;
}

ScriptPlayer::Status ScriptPlayer::PlayAnswer(const spec::Step& s, ScriptConn* c) {
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
    if (std::optional<std::string> a = spec::ComputeReply(reply_, matches_, *line, answered_ + 1)) {
      ++answered_;
      c->Reply(*a, replies_budget_);
    }
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

ScriptPlayer::Status ScriptPlayer::PlayPeer(const spec::Step& s) {
  if (s.action == Action::kStopPeer) {
    // The port closes before the connections do, as when a server dies: a client woken by
    // the FIN may run before the next line here (it preempts the grader on a busy CPU) and
    // connect at once; with the port still open it would be accepted by the kernel, then reset
    // with the backlog, and a line it sent there lost (seen 1 run in 12 under load).
    if (server_) server_->Stop();
    for (auto& c : conns_) c->Drop();
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

ScriptPlayer::Status ScriptPlayer::PlayControl(const spec::Step& s) {
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

}  // namespace netgrade::peers::script_internal
