// When a running case is settled: the rules by which its verdict can no longer change
// (case_run.h).
#include <algorithm>

#include "harness/base/proc.h"
#include "harness/check/decide.h"
#include "harness/observe/busy.h"
#include "harness/observe/sock_diag.h"
#include "harness/observe/waiting.h"
#include "harness/run/case_run.h"

namespace netgrade::run::case_internal {

bool CaseRun::Settled() {
  // A script's stop or start of the program is under way: its exit is not its end.
  if (control_ && control_->holds_case() && !(peer_ && peer_->done())) return false;
  if (process_->exit_info().exited && !exit_time_) exit_time_ = loop_.Now();
  // The program has ended and its report is on its way (its init reaps it, then ends what it
  // left): what it left may still answer, and would settle the case as a program that kept
  // running (seen flaky: a double-forking daemon passed as a server). The report wakes the loop.
  if (process_->exit_on_its_way()) return false;
  // A failed step ends its script, and the judge gives it first (check/script_checks): the
  // verdict is decided, whatever the program does next.
  if (peer_ && peer_->done() && peer_->script_failure() != nullptr) {
    // A step waited in vain for a client at rest after its datagram was lost: the stall
    // says why (no timeout), and the judge gives it before the step.
    if (Stall() && LivePid() > 0 && observe::Resting(process_->Pids()))
      Stall()->SettleAtRest(LivePid());
    RecordStall();
    return true;
  }
  // A flood filled what the peer records in a case: the verdict is decided (too_much_data),
  // and waiting on would only spend the grader's time.
  const std::vector<peers::ConnectionLog>& log = PeerLog();
  if (std::any_of(log.begin(), log.end(),
                  [](const peers::ConnectionLog& l) { return l.received_cut; }))
    return true;
  // So do connections past the cap (too_many_connections).
  if (RefusedConnections() > 0) return true;
  // And traffic that came around the proxy (bypassed_proxy).
  if (peers::Admission* a = Admission(); a && a->refused() > 0) return true;
  if (AllSentElsewhere() || AnsweredElsewhere()) return true;
  if (RecordStall()) return true;
  if (process_->finished()) {
    // Exited: settle once the peer has seen the end of every connection, and the proxy has
    // passed on what the program sent before it exited, and the peer has read it (a datagram
    // it delays is on its way, as on a real network; one held `late` waits for nothing more
    // and is not waited for).
    // (A server's exit decides its case: a reference client that resends would keep timers
    // due until its own bound.)
    if (plan_.student_listens) return true;
    if (proxy_ && (loop_.actions_pending() > 0 || loop_.AnyWatchedReady())) return false;
    return !peer_ || peer_->done();
  }
  if (!plan_.student_listens && peer_ && UnterminatedWait()) return true;
  // A script still playing judges the program's rest itself, step by step (it looks where
  // the program sleeps first: one_client_at_a_time); the case's own rule would end the case
  // under the step and leave it only "nothing came".
  // Nor, once the script is over, a program that must still exit: its last answer may be on
  // its way to it (seen flaky: an SMTP client ended at rest before reading "221 Bye"); it is
  // settled by its exit, or its timeout bounds the failure.
  const bool script_over = !peer_ || peer_->done();
  const bool must_exit = test_.expect.exit == spec::ExitRule::kRequired;
  if ((test_.script.empty() || (script_over && !must_exit)) && AtRest()) return true;
  if (SpunInsteadOfExiting()) return true;
  if (plan_.student_listens && !peer_->done()) return false;
  if (test_.expect.exit == spec::ExitRule::kRequired) return false;
  // The answers of a listening program are final once the peer is done; only what it
  // prints can still change.
  bool met =
      (plan_.student_listens && test_.expect.stdout_source == spec::StdoutSource::kUnchecked) ||
      ExpectationsMet();
  if (!met || test_.expect.exit != spec::ExitRule::kRunning) return met;
  return StillRunning();
}

bool CaseRun::RecordStall() {
  if (!Stall() || !Stall()->stall()) return false;
  const observe::UdpStallWatch::Stall& stall = *Stall()->stall();
  obs_.stalled_after_drop = true;
  obs_.dropped_what = stall.dropped_what;
  obs_.own_datagram_lost = stall.own_lost;
  obs_.lost_to_closed_port = stall.closed_port_text;
  obs_.blocked_in = stall.blocked.name;
  obs_.waits_too_long = stall.blocked.has_timeout;
  obs_.timeout_unseen = stall.blocked.timeout_unknown;
  return true;
}

bool CaseRun::AtRest() {
  std::optional<std::string> call = RestingCallUntil(deadline_->at());
  if (!call) return false;
  obs_.at_rest_in = *call;
  obs_.at_rest_ms = Ms(loop_.Now() - rest_.since().value_or(loop_.Now()));
  obs_.program.asleep_after_input =
      process_->stdin_closed() && call->find("nanosleep") != std::string::npos;
  // A UDP client silent after a drop, which no timeout will wake: the stall is certain now.
  if (Stall() && Stall()->SettleAtRest(process_->program_pid())) return Settled();
  return true;
}

std::optional<std::string> CaseRun::RestingCallUntil(TimePoint until) {
  // An instructor's program playing the peer is looked at with the program: while it is still
  // working on what it was given (an ACK it computes, a packet it has yet to read), the program
  // waiting for it is not at rest, however still it is.
  auto pids = [this] {
    std::vector<pid_t> all = process_->Pids();
    if (peer_process_) {
      std::vector<pid_t> peer = peer_process_->Pids();
      all.insert(all.end(), peer.begin(), peer.end());
    }
    return all;
  };
  std::optional<std::string> call =
      rest_.Look(ActivityMark(), pids, until, [this] { LookForSpinning(); });
  if (!call) return std::nullopt;
  size_t mark = ActivityMark();
  process_->DrainOutput();
  if (ActivityMark() != mark) return std::nullopt;
  return call;
}

size_t CaseRun::ActivityMark() {
  size_t mark = process_->stdout_text().size() + process_->stderr_text().size() + PeerMark();
  if (proxy_) mark += proxy_->transcript().entries().size();
  if (kind_case_) mark += kind_case_->ActivityMark();  // what crossed a kind's own wire
  return mark;
}

size_t CaseRun::PeerMark() const {
  size_t mark = 0;
  for (const peers::ConnectionLog& l : PeerLog())
    mark += l.received.size() + l.datagrams.size() + l.sent.size() + (l.eof ? 1 : 0) +
            (l.connected ? 1 : 0) + (l.reset ? 1 : 0);
  return mark;
}

bool CaseRun::UnterminatedWait() {
  if (!peer_->unterminated_pending()) {
    unterminated_.Reset();
    return false;
  }
  if (test_.peer.answers_without_newline) {
    if (observe::AllWaiting(process_->Pids()))
      peer_->AnswerUnterminated();
    else if (!recheck_timer_)
      recheck_timer_ = loop_.Look(loop_.Now() + kReadinessPoll, [this] { recheck_timer_ = 0; });
    return false;
  }
  if (!recheck_timer_)
    recheck_timer_ =
        loop_.Look(loop_.Now() + std::chrono::milliseconds(5), [this] { recheck_timer_ = 0; });
  size_t bytes = 0;
  for (const peers::ConnectionLog& l : PeerLog()) bytes += l.received.size();
  if (!unterminated_.Look(loop_.Now(), bytes,
                          [this] { return observe::AllWaiting(process_->Pids()); }))
    return false;
  obs_.waits_after_unterminated = true;
  return true;
}

bool CaseRun::StillRunning() {
  if (process_->exit_info().exited) return true;  // settled: the judge says stopped_early
  std::vector<pid_t> pids = process_->Pids();
  if (observe::AllWaiting(pids)) return true;
  // A program that never waits (a busy loop) shows it keeps running by burning spin_cpu of
  // CPU time after it has done its part: one on its way out does not. CPU time, not wall
  // time, so that a loaded machine does not pass a program that is exiting slowly.
  if (std::optional<int64_t> cpu = observe::CpuTimeNs(pids); cpu && met_spin_.Look(*cpu, 0)) {
    obs_.spinning = true;
    return true;
  }
  if (!recheck_timer_)
    recheck_timer_ = loop_.Look(loop_.Now() + kReadinessPoll, [this] { recheck_timer_ = 0; });
  return false;
}

bool CaseRun::SpunInsteadOfExiting() {
  if (test_.expect.exit != spec::ExitRule::kRequired || plan_.student_listens ||
      process_->exit_info().exited || !process_->stdin_closed() || spin_look_) {
    return false;
  }
  // Looked at every kRestLook, as the rest rule: it reads /proc.
  spin_look_ = loop_.Look(loop_.Now() + kRestLook, [this] { spin_look_ = 0; });
  std::vector<pid_t> pids = process_->Pids();
  AfterInput a;
  a.stdin_closed = true;
  a.actions_pending = loop_.actions_pending() > 0;
  a.input_pending = !a.actions_pending && observe::ProgramInputPending(pids);
  a.passes_if_it_exited = !a.actions_pending && !a.input_pending && PassesIfItExited();
  std::optional<int64_t> cpu;
  if (NothingLeftButExit(a) && !observe::AllWaiting(pids)) cpu = observe::CpuTimeNs(pids);
  if (!cpu) {
    spun_after_input_.Reset();
    return false;
  }
  if (!spun_after_input_.Look(*cpu, ActivityMark())) return false;
  obs_.program.spun_after_input = true;
  return true;
}

bool CaseRun::PassesIfItExited() {
  size_t mark = ActivityMark();
  if (mark == passes_mark_) return passes_if_exited_;
  passes_mark_ = mark;
  observe::Observation now = Snapshot();
  now.program.exited = true;
  now.program.status = test_.expect.exit_status.value_or(0);
  now.program.signal = 0;
  passes_if_exited_ = PassesNow(now);
  return passes_if_exited_;
}

void CaseRun::LookForSpinning() {
  if (std::optional<int64_t> cpu = observe::CpuTimeNs(process_->Pids()))
    busy_.Look(loop_.Now(), *cpu, ActivityMark());
}

bool CaseRun::ExpectationsMet() {
  if (!stdout_dirty_ && !peer_changed()) return last_met_;
  stdout_dirty_ = false;
  last_met_ = PassesNow(Snapshot());
  return last_met_;
}

bool CaseRun::PassesNow(const observe::Observation& now) const {
  return check::Decide(now, check::Phase::kRunning, kind_.checks).passes();
}

bool CaseRun::peer_changed() {
  size_t mark = PeerMark();
  bool changed = mark != last_peer_bytes_;
  last_peer_bytes_ = mark;
  return changed;
}

bool CaseRun::AllSentElsewhere() const {
  bool strayed = sends_ && sends_->strayed();
  if (plan_.student_listens || !strayed || !PeerLog().empty()) return false;
  if (proxy_)
    for (const proxy::TranscriptEntry& e : proxy_->transcript().entries())
      if (e.direction == plan::Direction::kFromStudent) return false;
  return true;
}

bool CaseRun::AnswersElsewhereDecided() const {
  return plan_.student_listens && sends_ && sends_->strayed_in_protocol() && peer_ &&
         peer_->unanswered_resends() >= 2;
}

bool CaseRun::AnsweredElsewhere() const {
  return AnswersElsewhereDecided() && !PacketsInBacklog() && !loop_.AnyWatchedReady();
}

}  // namespace netgrade::run::case_internal
