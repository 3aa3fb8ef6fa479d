// What a script step that failed reports (script_player.h): the step, its connection, what
// was sent there, expected and what came instead.
#include <fmt/core.h>

#include <algorithm>
#include <cstring>

#include "harness/base/error.h"
#include "harness/base/text.h"
#include "harness/peers/script_blocks.h"
#include "harness/peers/script_bytes.h"
#include "harness/peers/script_expect.h"
#include "harness/peers/script_hint.h"
#include "harness/peers/script_player.h"
#include "harness/peers/udp_peers.h"
#include "harness/spec/connection_words.h"
#include "harness/spec/script_repeat.h"

namespace netgrade::peers::script_internal {

ScriptFailure ScriptPlayer::Base(const spec::Step& s) const {
  ScriptFailure f;
  f.step = current_ + 1;
  f.line = s.mark.line;
  f.round = spec::RoundWords(s);
  f.step_name = spec::StepName(s.action);
  f.udp = !tcp_;
  bool on_connection =
      s.action == Action::kConnect || s.action == Action::kAccept || s.action == Action::kSend ||
      s.action == Action::kExpect || s.action == Action::kAnswer || s.action == Action::kClose ||
      s.action == Action::kReset || s.action == Action::kLines || s.action == Action::kEnd;
  if (on_connection && (tcp_ || options_.active)) f.on = s.on;
  ScriptConn* c = on_connection && s.action != Action::kAccept ? Find(s.on) : nullptr;
  if (options_.active && options_.own_server) {
    if (s.action == Action::kNoConnection) f.on = s.on;
    f.on_server = s.action == Action::kAccept || s.action == Action::kNoConnection ||
                  (c != nullptr && !log_[c->log_index()].remote.empty());
  }
  if (c != nullptr) f.log_index = c->log_index();
  if (c != nullptr && c->sent_count() > 0) {
    f.sent = c->last_sent_on_wire();
    f.sent_binary = c->last_sent_binary();
  }
  // The script's last send before this step, when it was on another connection.
  for (size_t i = current_; on_connection && i-- > 0;) {
    if (steps_[i].action != Action::kSend) continue;
    if (steps_[i].on == s.on) break;
    if (ScriptConn* other = Find(steps_[i].on); other != nullptr && other->sent_count() > 0) {
      f.last_send = other->last_sent_on_wire();
      f.sent_binary = other->last_sent_binary();
      f.last_send_on = steps_[i].on;
      f.last_send_on_server =
          options_.active && options_.own_server && !log_[other->log_index()].remote.empty();
    }
    break;
  }
  if (s.action == Action::kExpect) {
    std::string last = c ? c->last_sent() : std::string();
    int n = c ? c->sent_count() : 0;
    spec::Answer answer = s.answer;  // what an earlier `matches` captured, filled in
    if (answer.kind == spec::Answer::Kind::kTemplate)
      answer.text = spec::FillCaptures(answer.text, captures_);
    if (answer.kind == spec::Answer::Kind::kMatches) answer.text = OwnPlaceholders(answer.text);
    f.expected = DescribeExpected(answer, last, n);
    f.expected_text = ExpectedText(answer, last, n);
    f.binary = answer.binary();
  }
  if (s.action == Action::kLines) f.expected = DescribeBlockEnd(s.block);
  if (s.action == Action::kEnd)
    f.expected = s.end == spec::ConnEnd::kOpen    ? "open"
                 : s.end == spec::ConnEnd::kReset ? "reset"
                                                  : "closed";
  return f;
}

// The current step, its condition unmet when the waiting ended so.
ScriptFailure ScriptPlayer::Unmet(End end) const {
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
      f.kind =
          c == nullptr ? (restarted_ ? Kind::kNoReconnect : Kind::kNoConnection) : Kind::kNoAnswer;
      if (c != nullptr) f.detail = "the program did not read what was sent";
      break;
    case Action::kEnd:
      f.kind = Kind::kConnectionEnd;
      f.detail = "open";
      break;
    case Action::kExpect:
    case Action::kLines:
    case Action::kAnswer:
      if (c == nullptr && tcp_ && !options_.active) {
        f.kind = restarted_ ? Kind::kNoReconnect : Kind::kNoConnection;
        break;
      }
      f.kind = s.action == Action::kAnswer ? Kind::kMissingMessage : Kind::kNoAnswer;
      if (s.action == Action::kAnswer) {
        f.count = s.count;
        f.got = answered_here_;
      }
      if (c != nullptr && !c->Untaken().empty()) {
        f.received = c->Untaken();
        f.unterminated = true;
        if (s.action == Action::kExpect) f.bytes_note = BytesNote(s.answer, *f.received, true);
      } else if (blocked_ && blocked_->step == current_ && s.action == Action::kExpect &&
                 (end == End::kAtRest || end == End::kCaseEnded)) {
        // Its line waited unread while the program was seen asleep reading another client
        // (script_blocked.cc): the program serves one client at a time. Nothing less is
        // called so: a program that read the line and lost it gets no answer (kNoAnswer).
        f.kind = Kind::kOneClientAtATime;
        f.silent = blocked_->other;
        f.other_silent = blocked_->other_silent;
        f.unaccepted = blocked_->unaccepted;
        f.other_seen = blocked_->seen;
        f.starved = blocked_->starved;
      }
      // Nothing came after a length-prefixed message: a length read in the other order waits.
      if (f.kind == Kind::kNoAnswer && !f.received && s.action == Action::kExpect && c != nullptr &&
          c->sent_count() > 0 && c->last_sent_binary())
        f.bytes_note = SentNote(s.answer, c->last_sent());
      // UDP: the answer came, to another client of the script (a server that answers a
      // fixed or remembered address): that, not "no answer".
      if (f.kind == Kind::kNoAnswer && !tcp_ && c != nullptr && f.expected_text)
        for (const auto& other : conns_) {
          const std::vector<std::string>& got = log_[other->log_index()].datagrams;
          if (other.get() != c &&
              std::find(got.begin(), got.end(), *f.expected_text) != got.end()) {
            f.kind = Kind::kAnsweredElsewhere;
            f.detail = other->name();
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
    case Action::kUntilWaiting:
      // A program that exits is at rest for good, but the case ended on its exit before the
      // wait looked again.
      f.kind = Kind::kCaseEndedFirst;
      f.detail = "the step had not ended";
      break;
    default:
      f.kind = Kind::kGrader;
      f.detail = "the step had not ended";
      break;
  }
  return f;
}

ScriptPlayer::Status ScriptPlayer::Fail(ScriptFailure f) {
  f.hint = ChooseHint(steps_[current_], f);
  failure_ = std::move(f);
  return Status::kFail;
}

std::string ScriptPlayer::Describe() const {
  if (failure_)
    return fmt::format("the script stopped at step {} ({})", failure_->step, failure_->step_name);
  if (done()) return "the script had been played to its end";
  const spec::Step& s = steps_[current_];
  std::string on =
      WaitsForStudent(s.action)
          ? " on " + spec::ConnectionWords({.spec_names = &connection_names_, .script = &steps_},
                                           s.on, tcp_ ? "connection" : "socket")
          : "";
  // A student reads it (a timeout's note): the step and its round, never the spec's line.
  std::string round = spec::RoundWords(s);
  if (!round.empty()) round = " (" + round.substr(round.find_first_not_of(", ")) + ")";
  return fmt::format("the script was at step {}{}: {}{}", current_ + 1, round,
                     spec::StepName(s.action), on);
}

}  // namespace netgrade::peers::script_internal
