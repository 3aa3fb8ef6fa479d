#include "harness/observe/busy.h"

#include <algorithm>

#include "harness/base/proc.h"

namespace netgrade::observe {

std::optional<int64_t> CpuTimeNs(const std::vector<pid_t>& pids) {
  std::vector<SchedStat> threads = ThreadSchedStats(pids);
  if (threads.empty()) return std::nullopt;
  int64_t total = 0;
  for (const SchedStat& s : threads) total += s.on_cpu_ns;
  return total;
}

void BusyWatch::Look(TimePoint now, int64_t cpu_ns, size_t activity_mark) {
  if (last_time_ && activity_mark != last_mark_) something_happened_ = true;
  if (last_time_ && something_happened_ && activity_mark == last_mark_ && cpu_ns > last_cpu_ns_) {
    int64_t wall_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(now - *last_time_).count();
    int64_t used = cpu_ns - last_cpu_ns_;
    if (wall_ns > 0 && used * 4 >= wall_ns * 3) {
      idle_cpu_ns_ += used;
      idle_share_ = std::max(idle_share_, static_cast<double>(used) / wall_ns);
    }
  }
  last_time_ = now;
  last_cpu_ns_ = cpu_ns;
  last_mark_ = activity_mark;
}

}  // namespace netgrade::observe
