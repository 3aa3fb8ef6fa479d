#include "harness/run/student_control.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "harness/base/proc.h"
#include "harness/check/restart_checks.h"
#include "harness/observe/busy.h"
#include "harness/observe/sock_diag.h"
#include "harness/observe/waiting.h"
#include "harness/run/hold.h"
#include "harness/run/rest_watch.h"

namespace netgrade::run {

StudentControl::StudentControl(Setup setup) : setup_(std::move(setup)) {}

StudentControl::~StudentControl() {
  EventLoop& loop = *setup_.loop;
  for (uint64_t timer : {grace_timer_, bound_timer_, rest_timer_})
    if (timer) loop.Cancel(timer);
  watch_.reset();
  if (*setup_.process) process().OnExit(nullptr);
}

void StudentControl::Soon(std::function<void()> cb) {
  std::weak_ptr<int> alive = alive_;
  setup_.loop->At(setup_.loop->Now(), [alive, cb = std::move(cb)] {
    if (alive.lock()) cb();
  });
}

void StudentControl::StopStudent(std::function<void()> done) {
  stopping_ = stopped_ = true;
  stop_done_ = std::move(done);
  sandbox::Process& p = process();
  stopped_run_delay_ns_ = std::max(stopped_run_delay_ns_, LongestRunDelayNs(p.Pids()));
  if (p.exit_info().exited) {
    StopEnded();
    return;
  }
  p.OnExit([this] { StopEnded(); });
  p.Terminate();
  grace_timer_ = setup_.loop->At(setup_.loop->Now() + setup_.stop_grace, [this] {
    grace_timer_ = 0;
    StopEnded();  // still there after the grace: SIGKILL (Kill() below)
  });
}

// The main process has ended (or the grace has passed): whatever of the program is left (a
// child it forked, which had its SIGTERM too) is killed now, and reaped. Kill() returns once
// every process is gone.
void StudentControl::StopEnded() {
  if (grace_timer_) setup_.loop->Cancel(grace_timer_);
  grace_timer_ = 0;
  sandbox::Process& p = process();
  p.OnExit(nullptr);
  p.Kill();
  Soon([this] {
    stopping_ = false;
    if (std::function<void()> done = std::exchange(stop_done_, nullptr)) done();
  });
}

void StudentControl::StartStudent(std::function<void(bool started)> done) {
  std::unique_ptr<sandbox::Process>& slot = *setup_.process;
  // Started while it runs (a script without `stop: student` first, or before the stop was
  // done): it is killed, as at the end of a case, so that one program runs at a time, and the
  // stop's grace no longer applies (it would kill the new one).
  if (grace_timer_) setup_.loop->Cancel(grace_timer_);
  grace_timer_ = 0;
  sandbox::Process::Printed earlier;
  if (slot) {
    stopped_run_delay_ns_ = std::max(stopped_run_delay_ns_, LongestRunDelayNs(slot->Pids()));
    slot->OnExit(nullptr);
    slot->Kill();  // every process gone and reaped (at once when the stop was done)
    earlier = slot->printed();
  }
  std::unique_ptr<sandbox::Process> before = std::move(slot);
  try {
    slot = setup_.start();
  } catch (const std::exception&) {
  }
  bool started = slot != nullptr;
  if (!started) {
    // The grader's failure: the stopped run stays the case's program, for the runner to judge.
    slot = std::move(before);
  } else {
    // The new run shares the case's cgroup: the stopped one lets go of it before it is
    // destroyed, or its Kill() would empty the cgroup, new run and all.
    if (before) before->DetachFromCgroup();
    before.reset();
    slot->ContinueOutputOf(earlier);
    stderr_from_ = earlier.err.size();
    if (setup_.record) ++setup_.record->starts;
    if (setup_.carry_run_delay) setup_.carry_run_delay(stopped_run_delay_ns_);
    stopped_run_delay_ns_ = 0;
  }
  stopped_ = !started;
  Soon([started, done = std::move(done)] { done(started); });
}

void StudentControl::AwaitListening(std::chrono::milliseconds within,
                                    std::function<void(bool listening)> done) {
  awaiting_listening_ = true;
  listening_done_ = std::move(done);
  if (setup_.record) {
    setup_.record->not_listening = setup_.record->exited = false;
    setup_.record->address_in_use.clear();
    setup_.record->within_ms = static_cast<int>(within.count());
  }
  if (!*setup_.process || process().exit_info().exited) {
    ListeningDecided(false, *setup_.process != nullptr, false);
    return;
  }
  process().OnExit([this] { ListeningDecided(false, true, false); });
  bound_timer_ = setup_.loop->Look(setup_.loop->Now() + within, [this] {
    bound_timer_ = 0;
    ListeningDecided(false, false, false);
  });
  sandbox::Process* p = setup_.process->get();
  watch_ = std::make_unique<ListeningWatch>(
      *setup_.loop, [p] { return p->Pids(); }, setup_.listens_with, setup_.port(),
      // Listening elsewhere or in the other protocol is not listening again, and will not be.
      [this](const Readiness& r) { ListeningDecided(r.on_port, false, true); });
  watch_->Start();
}

// Decided once: listening, exited (its stderr then says whether the port was still taken),
// or the bound passed. When the watch decided, it is the caller: it is let go at the loop's
// next round, not destroyed under its own feet.
void StudentControl::ListeningDecided(bool listening, bool exited, bool from_watch) {
  if (!listening_done_) return;
  if (bound_timer_) setup_.loop->Cancel(bound_timer_);
  bound_timer_ = 0;
  std::shared_ptr<ListeningWatch> watch;
  if (from_watch)
    watch = std::move(watch_);
  else
    watch_.reset();
  if (*setup_.process) process().OnExit(nullptr);
  if (!listening && setup_.record) {
    observe::Restart& r = *setup_.record;
    r.not_listening = true;
    r.exited = exited;
    if (exited) {
      process().DrainOutput();
      const std::string& err = process().stderr_text();
      if (std::optional<std::string> line = check::AddressInUseLine(
              std::string_view(err).substr(std::min(stderr_from_, err.size()))))
        r.address_in_use = *line;
    }
  }
  Soon([this, listening, watch, done = std::exchange(listening_done_, nullptr)] {
    awaiting_listening_ = false;
    done(listening);
  });
}

void StudentControl::FeedStdin(const std::string& line) {
  if (*setup_.process) process().WriteStdin(line + "\n");
}

void StudentControl::CloseStdin() {
  if (*setup_.process) process().CloseStdin();
}

bool StudentControl::Hold() {
  if (!*setup_.process || process().exit_info().exited) return false;
  held_ = process().Pids();
  return HoldStill(held_);
}

void StudentControl::Release() { LetGo(std::exchange(held_, {})); }

void StudentControl::AwaitWaiting(std::function<void()> done) {
  waiting_done_ = std::move(done);
  spin_.Reset();
  LookForRest();
}

// At rest: every thread blocked in a call only input ends, and nothing waiting to be read on
// its sockets (observe/waiting.h), as the runner sees a program at rest, nor on its standard
// input (a line just fed, which it has not read yet); or every thread waiting for input with a
// timeout, nothing to read. Looked at every kReadinessPoll, until
// the case's deadline.
void StudentControl::LookForRest() {
  rest_timer_ = 0;
  // A program that has ended (or is stopped) will do nothing more either.
  bool at_rest = !*setup_.process || process().exit_info().exited;
  if (!at_rest) {
    std::vector<pid_t> pids = process().Pids();
    // At rest, or waiting for input with a timer of its own (poll(), select() or
    // epoll_wait() with a timeout, a socket with SO_RCVTIMEO: Python's settimeout()) and
    // nothing to read: waiting all the same, as a bare blocking call is.
    at_rest = process().stdin_pending() == 0 &&
              (RestingCall(pids).has_value() ||
               (observe::AllSeenWaiting(pids) && !observe::ProgramInputPending(pids)));
    if (!at_rest) at_rest = SpunIdle(pids);
  }
  if (at_rest || setup_.loop->Now() >= setup_.deadline()) {
    Soon([done = std::exchange(waiting_done_, nullptr)] { done(); });
    return;
  }
  rest_timer_ = setup_.loop->Look(setup_.loop->Now() + kReadinessPoll, [this] { LookForRest(); });
}

// Not blocked, but nothing waits for it (its input read, its sockets empty) and it has used
// spin_cpu of CPU time so since the wait began: a busy loop that had its chance to read.
bool StudentControl::SpunIdle(const std::vector<pid_t>& pids) {
  if (setup_.spin_cpu.count() == 0) return false;
  if (process().stdin_pending() != 0 || observe::ProgramInputPending(pids)) {
    spin_.Reset();
    return false;
  }
  std::optional<int64_t> cpu = observe::CpuTimeNs(pids);
  return cpu && spin_.Look(*cpu, 0);
}

}  // namespace netgrade::run
