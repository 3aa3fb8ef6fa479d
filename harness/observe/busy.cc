#include "harness/observe/busy.h"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>

#include "harness/base/file.h"

namespace netgrade::observe {

std::optional<int64_t> CpuTimeNs(const std::vector<pid_t>& pids) {
  std::optional<int64_t> total;
  for (pid_t pid : pids) {
    std::error_code ec;
    for (const auto& task :
         std::filesystem::directory_iterator(fmt::format("/proc/{}/task", pid), ec)) {
      std::optional<std::string> text = ReadFile((task.path() / "schedstat").string(), 256);
      if (!text) continue;
      std::istringstream in(*text);
      int64_t on_cpu = 0;
      if (in >> on_cpu) total = total.value_or(0) + on_cpu;
    }
  }
  return total;
}

void BusyWatch::Look(TimePoint now, int64_t cpu_ns, size_t activity_mark) {
  if (last_time_ && activity_mark == last_mark_ && cpu_ns > last_cpu_ns_) {
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
