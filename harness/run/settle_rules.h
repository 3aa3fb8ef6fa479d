// The timing rules by which a running case is settled before its timeout: a program at rest
// (RestRule), a client waiting unterminated_wait on a line without its newline, a program
// that goes on using spin_cpu of CPU time once it has done its part. Times come from the
// case's event loop (EventLoop::Now), so tests drive them with a ManualClock, never a sleep;
// CPU time comes from /proc, which the caller reads.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/observe/thread_waits.h"

namespace netgrade::run {

// A condition that has held, with nothing happening, for `hold` of the loop's clock (the
// rest rule; the unterminated-line wait).
class QuietFor {
 public:
  explicit QuietFor(Clock::duration hold) : hold_(hold) {}
  // One look at `now`. `mark` changes whenever anything happens (the program prints, sends or
  // receives): a change starts the count again, at the next look. `quiet` says whether the
  // condition holds now; it is asked only when the mark is unchanged (it may read /proc).
  bool Look(TimePoint now, size_t mark, const std::function<bool()>& quiet);
  void Reset() { since_.reset(); }
  // Since when it has held (nullopt: it does not hold now).
  std::optional<TimePoint> since() const { return since_; }

 private:
  Clock::duration hold_;
  std::optional<TimePoint> since_;
  size_t mark_ = SIZE_MAX;
};

// One look at a program for the rest rule: its threads' waits and whether anything is on its
// way to it.
struct RestSight {
  size_t mark = 0;         // changes whenever it prints, sends or receives
  bool in_flight = false;  // a peer's or proxy's action due, or input ready where it waits
  std::vector<observe::ThreadWait> threads;
};

// Rest is decided, not waited for: a program is at rest when every thread is blocked in a
// call only input, a child or its own timer ends, no timer is due before the case's deadline
// and nothing is on its way to it. Nothing can wake it before the case ends, so what it did is
// final. One look decides it; one more, `confirm_after` later with nothing changed (the loop
// has meanwhile gone round, and the kernel delivered what was in flight), confirms it.
//
// A timer counted from the call's start (poll's milliseconds, a nanosleep, SO_RCVTIMEO) is
// due at the earliest its length after the last look that saw the thread in another call
// (/proc does not say when a call began): a bound that can only be early, never late.
class RestRule {
 public:
  // `since`: before the program started (the bound of a call first seen at the first look).
  RestRule(TimePoint since, Clock::duration confirm_after)
      : last_look_(since), confirm_after_(confirm_after) {}
  enum class Says {
    kNo,       // not at rest
    kConfirm,  // at rest at this look: look again at confirm_at()
    kAtRest,   // confirmed
  };
  Says Look(TimePoint now, TimePoint deadline, const RestSight& sight);
  // Activity seen without a look: the next look starts again.
  void Reset() { candidate_.reset(); }
  TimePoint confirm_at() const { return candidate_.value_or(last_look_) + confirm_after_; }
  // The call the first thread rests in, and since when it is seen at rest.
  const std::string& call() const { return call_; }
  std::optional<TimePoint> since() const { return candidate_; }

 private:
  struct Seen {
    std::string fields;
    TimePoint began_after;
  };
  std::map<pid_t, Seen> threads_;
  TimePoint last_look_;
  Clock::duration confirm_after_;
  std::optional<TimePoint> candidate_;
  size_t candidate_mark_ = 0;
  std::string candidate_fields_;
  std::string call_;
};

// A program that uses `budget` of CPU time while a condition holds, with nothing happening,
// is spinning, not on its way out: CPU time, not wall time, so that a loaded machine, which
// slows a program that is exiting, does not make it look like one that never will.
class CpuSpentSince {
 public:
  explicit CpuSpentSince(Clock::duration budget)
      : budget_ns_(std::chrono::duration_cast<std::chrono::nanoseconds>(budget).count()) {}
  // One look while the condition holds: the program's CPU time now, and the activity mark
  // (a change starts the count again from this look).
  bool Look(int64_t cpu_ns, size_t mark);
  // The condition stopped holding: the next look starts the count.
  void Reset() { start_ns_.reset(); }

 private:
  int64_t budget_ns_;
  std::optional<int64_t> start_ns_;
  size_t mark_ = SIZE_MAX;
};

// `exit: required`: what a client must have done before spinning can settle its case as
// did_not_exit. Its input is written whole and closed, nothing is on its way to it (no timer
// of the peer or the proxy that acts, nothing unread on its sockets), and what it printed and
// sent would pass if it exited now: only its exit is missing, and a program that keeps a CPU
// busy after all that is not about to exit.
struct AfterInput {
  bool stdin_closed = false;
  bool actions_pending = false;
  bool input_pending = false;
  bool passes_if_it_exited = false;
};
bool NothingLeftButExit(const AfterInput& a);

}  // namespace netgrade::run
