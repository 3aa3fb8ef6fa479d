// Whether a student's program spins: uses a CPU while nothing happens (no input, nothing
// printed or sent), as a non-blocking loop that polls recv() does. Such a program is never
// seen waiting, so the grader cannot wait for it to rest; instead it counts the CPU time the
// program burns while idle. A spinning program is correct if its answers are; it gets a note,
// and an `exit: running` case it passes ends once that is clear instead of at its timeout.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "harness/base/event_loop.h"

namespace netgrade::observe {

// The CPU time of every thread of pids so far, in nanoseconds (the first field of
// /proc/<pid>/task/<tid>/schedstat); nullopt when none could be read.
std::optional<int64_t> CpuTimeNs(const std::vector<pid_t>& pids);

class BusyWatch {
 public:
  // One look: the program's CPU time now, and a mark that changes whenever anything happens
  // (it prints, sends or receives). CPU time spent between two looks with the same mark, while
  // the program used at least 3/4 of a CPU, counts as idle CPU, once something has happened:
  // a program's start-up (a sender that computes every packet's checksum before it sends the
  // first) is work, not a loop that polls.
  void Look(TimePoint now, int64_t cpu_ns, size_t activity_mark);
  // CPU time burnt while idle so far.
  int64_t idle_cpu_ns() const { return idle_cpu_ns_; }
  // The largest share of a CPU it used while idle between two looks (0 to ~1 per thread).
  double idle_share() const { return idle_share_; }

 private:
  std::optional<TimePoint> last_time_;
  int64_t last_cpu_ns_ = 0;
  size_t last_mark_ = 0;
  bool something_happened_ = false;
  int64_t idle_cpu_ns_ = 0;
  double idle_share_ = 0;
};

}  // namespace netgrade::observe
