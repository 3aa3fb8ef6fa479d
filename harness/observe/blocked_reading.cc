#include "harness/observe/blocked_reading.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "harness/observe/waiting.h"

namespace netgrade::observe {

std::vector<uint64_t> SocketsBlockedReading(const std::vector<pid_t>& pids) {
  std::vector<uint64_t> out;
  for (pid_t pid : pids) {
    const std::string proc = "/proc/" + std::to_string(pid);
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator(proc + "/task", ec)) {
      BlockedCall b = BlockedInTask(pid, task.path().string());
      if (b.fd < 0) continue;  // not in read()/recv() on one descriptor
      char target[64];
      std::string link = proc + "/fd/" + std::to_string(b.fd);
      ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
      if (n < 0 && (errno == EACCES || errno == EPERM)) {
        out.push_back(0);  // asleep reading one descriptor, which one not to be seen here
        continue;
      }
      if (n <= 0) continue;
      target[n] = '\0';
      if (std::strncmp(target, "socket:[", 8) == 0)
        out.push_back(std::strtoull(target + 8, nullptr, 10));
    }
  }
  return out;
}

}  // namespace netgrade::observe
