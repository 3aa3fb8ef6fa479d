#include "harness/observe/waiting.h"

#include <filesystem>
#include <functional>
#include <set>

#include "harness/observe/blocking_calls.h"
#include "harness/observe/jvm_threads.h"

namespace netgrade::observe {
namespace {

bool ThreadWaiting(pid_t pid, const std::string& task_dir) {
  if (TaskState(task_dir + "/stat") != 'S') return false;
  std::vector<unsigned long> f = SyscallFieldsOf(pid, task_dir);
  // "running" or unreadable: asleep ('S') is all we know, and it is enough.
  if (f.empty()) return true;
  return WaitingCall(static_cast<long>(f[0])) != nullptr;
}

// True when pids is not empty and `thread(pid, task_dir)` holds for every thread of each; false
// as soon as one does not, or a process is gone. A JVM's sleeping threads of its own are left
// out (JvmThreadsAside).
bool EveryThread(const std::vector<pid_t>& pids,
                 const std::function<bool(pid_t, const std::string&)>& thread) {
  if (pids.empty()) return false;
  for (pid_t pid : pids) {
    std::error_code ec;
    std::filesystem::directory_iterator tasks("/proc/" + std::to_string(pid) + "/task", ec);
    if (ec) return false;
    const std::set<std::string> aside = IsJvm(pid) ? JvmThreadsAside(pid) : std::set<std::string>{};
    bool any = false;
    for (const auto& t : tasks) {
      any = true;
      if (aside.count(t.path().string())) continue;
      if (!thread(pid, t.path().string())) return false;
    }
    if (!any) return false;
  }
  return true;
}

}  // namespace

bool AllWaiting(const std::vector<pid_t>& pids) {
  return EveryThread(pids,
                     [](pid_t pid, const std::string& task) { return ThreadWaiting(pid, task); });
}

bool AllSeenWaiting(const std::vector<pid_t>& pids) {
  return EveryThread(pids, [](pid_t pid, const std::string& task) {
    return !BlockedInTask(pid, task).name.empty();
  });
}

BlockedCall BlockedIn(pid_t pid) { return BlockedInTask(pid, "/proc/" + std::to_string(pid)); }

std::optional<std::string> Resting(const std::vector<pid_t>& pids) {
  std::optional<std::string> main_call;
  bool resting = EveryThread(pids, [&](pid_t pid, const std::string& task) {
    BlockedCall b = BlockedInTask(pid, task);
    if (b.name.empty() || b.has_timeout || b.timeout_unknown) return false;
    if (!main_call) main_call = b.name;
    return true;
  });
  return resting ? main_call : std::nullopt;
}

BlockedCall BlockedInTask(pid_t pid, const std::string& dir) {
  BlockedCall b;
  if (TaskState(dir + "/stat") != 'S') return b;
  std::vector<unsigned long> f = SyscallFieldsOf(pid, dir);
  if (f.empty()) {
    // Unreadable (a default Docker container: no CAP_SYS_PTRACE for another user's process,
    // and no helper of its user, or one that was stopped).
    b.timeout_unknown = true;
    return b;
  }
  const WaitingSyscall* call = WaitingCall(static_cast<long>(f[0]));
  if (call == nullptr) return b;
  b.name = call->name;
  switch (call->timeout) {
    case Timeout::kSocketOption:  // read, readv, recvfrom, recvmsg, recvmmsg
      b.fd = f.size() > 1 ? static_cast<int>(f[1]) : -1;
      if (b.fd >= 0) {
        std::optional<bool> has = HasReceiveTimeout(pid, b.fd);
        b.has_timeout = has.value_or(false);
        b.timeout_unknown = !has.has_value();
      }
      break;
    case Timeout::kPollArg3:  // poll(fds, n, timeout_ms): negative waits for ever
      b.has_timeout = f.size() > 3 && static_cast<long>(static_cast<int>(f[3])) >= 0;
      break;
    case Timeout::kSelectArg5:  // select and pselect6: a null timeout waits for ever
      b.has_timeout = f.size() > 5 && f[5] != 0;
      break;
    case Timeout::kPointerArg3:  // ppoll
      b.has_timeout = f.size() > 3 && f[3] != 0;
      break;
    case Timeout::kPointerArg4:  // futex
      b.has_timeout = f.size() > 4 && f[4] != 0;
      break;
    case Timeout::kEpollArg4:  // epoll_wait, epoll_pwait
      b.has_timeout = f.size() > 4 && static_cast<int>(f[4]) >= 0;
      break;
    case Timeout::kNone:
      break;
  }
  return b;
}

}  // namespace netgrade::observe
