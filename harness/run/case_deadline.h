// A case's deadline: its timeout from the moment the program started, pushed back by the time the
// machine kept the student's program waiting for a CPU (its schedstat run delay): on a loaded
// machine (a class graded with --jobs, two graders at once) a program gets as much time running or
// blocked before its timeout as on an idle one, so a verdict such as memory_limit against
// never_listened does not turn on the load. A program that waits in recv() or accept() is not
// waiting for a CPU and gets nothing more; a starved one gets up to kMostLoadExtensions timeouts
// more (run/contain.h), a bound against a machine that never frees up.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>

#include "harness/base/event_loop.h"

namespace netgrade::run {

// A deadline is pushed back for the machine's load only by more than this.
inline constexpr auto kLeastExtension = std::chrono::milliseconds(20);

class CaseDeadline {
 public:
  // The case started at `start` and times out `timeout` (scaled) later.
  CaseDeadline(TimePoint start, std::chrono::milliseconds timeout)
      : at_(start + timeout), timeout_(timeout) {}

  TimePoint at() const { return at_; }
  // How far it was pushed back for the machine's load.
  Clock::duration extended() const { return extended_; }

  // The program is started again (a script's `start: student`): the run that ended had waited
  // `run_delay_ns` for a CPU, which the new run's schedstat no longer shows. It is owed all
  // the same: later extensions count it on top of what run_delay_ns() says.
  void CarryOver(int64_t run_delay_ns) { carried_ns_ += run_delay_ns; }

  // The program has started (exec'ed) at `t`: its whole timeout counts from there. What came
  // before (the case's network, the reference peer, the sandbox's setup in the forked child,
  // slow on a machine busy making and removing namespaces) is the grader's time, not its.
  void ProgramStarted(TimePoint t) { at_ = std::max(at_, t + timeout_ + extended_); }

  // Runs `loop` until `settled` or the deadline; true when settled. At the deadline, the
  // deadline moves by what `run_delay_ns` (the longest any of the program's processes waited
  // for a CPU since it started), with what earlier runs carried over, says the program is
  // owed, and the loop runs on.
  bool RunUntil(EventLoop& loop, const std::function<bool()>& settled,
                const std::function<int64_t()>& run_delay_ns);

 private:
  TimePoint at_;
  std::chrono::milliseconds timeout_;
  Clock::duration extended_{};
  int64_t carried_ns_ = 0;  // what earlier runs of the program waited for a CPU
};

}  // namespace netgrade::run
