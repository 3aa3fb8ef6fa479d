#include "harness/base/held_memory.h"

#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include <set>
#include <sstream>
#include <utility>

#include "harness/base/file.h"

namespace netgrade {

std::optional<Holdings> ParseStatusHoldings(const std::string& status_text) {
  std::istringstream in(status_text);
  Holdings h;
  bool threads = false;
  for (std::string key; in >> key;) {
    int64_t value = 0;
    if (key == "Threads:" || key == "RssAnon:" || key == "RssShmem:") {
      if (!(in >> value)) return std::nullopt;
      if (key == "Threads:")
        h.tasks = static_cast<int>(value), threads = true;
      else
        h.mapped_bytes += value << 10;  // kB
    }
    in.ignore(1 << 16, '\n');
  }
  if (!threads) return std::nullopt;  // a kernel thread, or not a status file
  return h;
}

Holdings HoldingsOf(const std::vector<pid_t>& pids) {
  Holdings sum;
  for (pid_t pid : pids) {
    std::optional<std::string> text = ReadFile("/proc/" + std::to_string(pid) + "/status", 8192);
    if (!text) continue;
    if (std::optional<Holdings> h = ParseStatusHoldings(*text)) {
      sum.tasks += h->tasks;
      sum.mapped_bytes += h->mapped_bytes;
    }
  }
  return sum;
}

int64_t TmpfsBytesHeldOpen(const std::vector<pid_t>& pids) {
  std::set<std::pair<dev_t, ino_t>> seen;
  int64_t sum = 0;
  for (pid_t pid : pids) {
    std::string fds = "/proc/" + std::to_string(pid) + "/fd/";
    for (const std::string& fd : DirNames(fds)) {
      std::string path = fds + fd;
      struct stat st;
      struct statfs sf;
      if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
      if (::statfs(path.c_str(), &sf) != 0 || sf.f_type != TMPFS_MAGIC) continue;
      if (seen.insert({st.st_dev, st.st_ino}).second) sum += int64_t{st.st_blocks} * 512;
    }
  }
  return sum;
}

}  // namespace netgrade
