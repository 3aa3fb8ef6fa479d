#include "harness/observe/waiting.h"

#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/base/fd.h"

namespace netgrade::observe {
namespace {

// x86-64 system calls a program sits in while it waits for input or for a child/thread.
const char* WaitingCall(long number) {
  switch (number) {
    case 0:
      return "read";
    case 7:
      return "poll";
    case 19:
      return "readv";
    case 23:
      return "select";
    case 34:
      return "pause";
    case 43:
      return "accept";
    case 45:
      return "recvfrom";
    case 47:
      return "recvmsg";
    case 61:
      return "wait4";
    case 202:
      return "futex";
    case 232:
      return "epoll_wait";
    case 247:
      return "waitid";
    case 270:
      return "pselect6";
    case 271:
      return "ppoll";
    case 281:
      return "epoll_pwait";
    case 288:
      return "accept4";
    case 299:
      return "recvmmsg";
    case 441:
      return "epoll_pwait2";
    default:
      return nullptr;
  }
}

// The first fields of /proc/.../syscall: the number and the arguments.
std::vector<unsigned long> SyscallFields(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::vector<unsigned long> out;
  if (!std::getline(in, line)) return out;
  std::istringstream fields(line);
  std::string f;
  while (fields >> f && out.size() < 7) out.push_back(std::strtoul(f.c_str(), nullptr, 0));
  return out;
}

char State(const std::string& stat_path) {
  std::ifstream in(stat_path);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t paren = all.rfind(')');
  return paren == std::string::npos || paren + 2 >= all.size() ? '?' : all[paren + 2];
}

bool ThreadWaiting(const std::string& task_dir) {
  if (State(task_dir + "/stat") != 'S') return false;
  std::vector<unsigned long> f = SyscallFields(task_dir + "/syscall");
  // "running" or unreadable: asleep ('S') is all we know, and it is enough.
  if (f.empty()) return true;
  return WaitingCall(static_cast<long>(f[0])) != nullptr;
}

// Whether the socket `fd` of `pid` has a receive timeout, through a duplicate of it
// (pidfd_getfd: root, or the same user without Yama restrictions).
bool HasReceiveTimeout(pid_t pid, int fd) {
#if defined(SYS_pidfd_open) && defined(SYS_pidfd_getfd)
  Fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd) return false;
  Fd dup(static_cast<int>(::syscall(SYS_pidfd_getfd, pidfd.get(), fd, 0)));
  if (!dup) return false;
  timeval tv{};
  socklen_t len = sizeof tv;
  if (::getsockopt(dup.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, &len) != 0) return false;
  return tv.tv_sec != 0 || tv.tv_usec != 0;
#else
  (void)pid;
  (void)fd;
  return false;
#endif
}

}  // namespace

bool AllWaiting(const std::vector<pid_t>& pids) {
  if (pids.empty()) return false;
  for (pid_t pid : pids) {
    std::error_code ec;
    std::filesystem::directory_iterator tasks("/proc/" + std::to_string(pid) + "/task", ec);
    if (ec) return false;
    bool any = false;
    for (const auto& t : tasks) {
      any = true;
      if (!ThreadWaiting(t.path().string())) return false;
    }
    if (!any) return false;
  }
  return true;
}

BlockedCall BlockedIn(pid_t pid) {
  BlockedCall b;
  std::string dir = "/proc/" + std::to_string(pid);
  if (State(dir + "/stat") != 'S') return b;
  std::vector<unsigned long> f = SyscallFields(dir + "/syscall");
  if (f.empty()) return b;
  long number = static_cast<long>(f[0]);
  const char* name = WaitingCall(number);
  if (name == nullptr) return b;
  b.name = name;
  switch (number) {
    case 0:
    case 19:
    case 45:
    case 47:
    case 299:  // read, readv, recvfrom, recvmsg, recvmmsg
      b.fd = f.size() > 1 ? static_cast<int>(f[1]) : -1;
      b.has_timeout = b.fd >= 0 && HasReceiveTimeout(pid, b.fd);
      break;
    case 7:
      b.has_timeout = f.size() > 3 && static_cast<long>(static_cast<int>(f[3])) >= 0;
      break;  // poll
    case 23:
    case 270:
      b.has_timeout = f.size() > 5 && f[5] != 0;
      break;  // select, pselect6
    case 271:
      b.has_timeout = f.size() > 3 && f[3] != 0;
      break;  // ppoll
    case 232:
    case 281:
      b.has_timeout = f.size() > 4 && static_cast<int>(f[4]) >= 0;
      break;  // epoll_wait
    default:
      break;
  }
  return b;
}

}  // namespace netgrade::observe
