#include "harness/run/hold.h"

#include <dirent.h>
#include <sched.h>
#include <signal.h>

#include <chrono>
#include <optional>
#include <string>

#include "harness/base/file.h"

namespace netgrade::run {
namespace {

// The state letter of /proc/PID/task/TID/stat: after the ")" that ends the command's name
// (which may hold spaces and parentheses of its own).
std::optional<char> StateOf(const std::string& stat_path) {
  std::optional<std::string> stat = ReadFile(stat_path, 4096);
  if (!stat) return std::nullopt;
  size_t close = stat->rfind(')');
  if (close == std::string::npos || close + 2 >= stat->size()) return std::nullopt;
  return (*stat)[close + 2];
}

}  // namespace

bool AllThreadsStopped(pid_t pid) {
  std::string tasks = "/proc/" + std::to_string(pid) + "/task";
  DIR* dir = ::opendir(tasks.c_str());
  if (dir == nullptr) return false;
  bool all = true;
  bool any = false;
  while (dirent* e = ::readdir(dir)) {
    if (e->d_name[0] == '.') continue;
    std::optional<char> state = StateOf(tasks + "/" + e->d_name + "/stat");
    if (!state) continue;  // a thread that has just ended
    any = true;
    if (*state != 'T' && *state != 't') all = false;
  }
  ::closedir(dir);
  return any && all;
}

bool HoldStill(const std::vector<pid_t>& pids) {
  for (pid_t p : pids) ::kill(p, SIGSTOP);
  // Stopping takes the time each thread needs to leave the kernel: a few microseconds on an
  // idle machine. The bound only ends a failure.
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  for (;;) {
    bool all = true;
    for (pid_t p : pids)
      if (!AllThreadsStopped(p) && ::kill(p, 0) == 0) all = false;
    if (all) return true;
    if (std::chrono::steady_clock::now() > until) return false;
    ::sched_yield();
  }
}

void LetGo(const std::vector<pid_t>& pids) {
  for (pid_t p : pids) ::kill(p, SIGCONT);
}

}  // namespace netgrade::run
