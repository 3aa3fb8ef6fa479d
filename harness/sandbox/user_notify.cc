#include "harness/sandbox/user_notify.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "harness/base/file.h"
#include "harness/base/proc.h"

namespace netgrade::sandbox {
namespace {

constexpr int kCapSysPtrace = 19;

bool HoldsCapability(int cap) {
  std::string effective = ProcStatusField(ReadFile("/proc/self/status").value_or(""), "CapEff:");
  if (effective.empty()) return false;
  return (std::strtoull(effective.c_str(), nullptr, 16) >> cap) & 1;
}

// The kernel's answer to a call with arguments it must refuse: ENOSYS when it has no such call.
bool KernelHas(long nr) { return ::syscall(nr, -1, nullptr, 0, 0) >= 0 || errno != ENOSYS; }

}  // namespace

bool ReceiveNotification(int listener, Notification* n) {
  seccomp_notif raw;
  std::memset(&raw, 0, sizeof raw);  // the kernel wants it zeroed
  if (::ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &raw) != 0) return false;
  n->id = raw.id;
  n->tid = static_cast<pid_t>(raw.pid);
  n->nr = raw.data.nr;
  for (int i = 0; i < 6; ++i) n->args[i] = raw.data.args[i];
  return true;
}

bool AnswerNotification(int listener, uint64_t id, int64_t value, int error) {
  seccomp_notif_resp resp;
  std::memset(&resp, 0, sizeof resp);
  resp.id = id;
  resp.val = error ? 0 : value;
  resp.error = error ? -error : 0;
  return ::ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) == 0;
}

bool ContinueNotification(int listener, uint64_t id) {
  seccomp_notif_resp resp;
  std::memset(&resp, 0, sizeof resp);
  resp.id = id;
  resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
  return ::ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) == 0;
}

bool AnswerWithDescriptor(int listener, uint64_t id, int fd, bool cloexec) {
  seccomp_notif_addfd add;
  std::memset(&add, 0, sizeof add);
  add.id = id;
  add.flags = SECCOMP_ADDFD_FLAG_SEND;
  add.srcfd = static_cast<uint32_t>(fd);
  add.newfd_flags = cloexec ? O_CLOEXEC : 0;
  return ::ioctl(listener, SECCOMP_IOCTL_NOTIF_ADDFD, &add) >= 0;
}

bool NotificationPending(int listener, uint64_t id) {
  return ::ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
}

bool ReadCallerMemory(pid_t tid, uint64_t address, void* out, size_t size) {
  if (size == 0) return true;
  iovec local{out, size};
  iovec remote{reinterpret_cast<void*>(address), size};
  ssize_t n = ::process_vm_readv(tid, &local, 1, &remote, 1, 0);
  if (n == static_cast<ssize_t>(size)) return true;
  if (n >= 0) errno = EFAULT;
  return false;
}

Fd TakeCallerDescriptor(pid_t tid, int fd) {
  // A pidfd names a whole process (before Linux 6.9, only its leader): the thread's group.
  std::string status = ReadFile(fmt::format("/proc/{}/status", tid)).value_or("");
  pid_t group = static_cast<pid_t>(std::atoi(ProcStatusField(status, "Tgid:").c_str()));
  if (group <= 0) {
    errno = ESRCH;
    return Fd();
  }
  Fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, group, 0)));
  if (!pidfd) return Fd();
  return Fd(static_cast<int>(::syscall(SYS_pidfd_getfd, pidfd.get(), fd, 0)));
}

std::optional<std::string> ReadCallerString(pid_t tid, uint64_t address, size_t most) {
  constexpr uint64_t kPage = 4096;
  std::string out;
  while (out.size() <= most) {
    // Up to the end of the page `address` is in: the next may not be mapped.
    size_t chunk = static_cast<size_t>(kPage - address % kPage);
    char buf[kPage];
    if (!ReadCallerMemory(tid, address, buf, chunk)) return std::nullopt;
    const char* end = static_cast<const char*>(std::memchr(buf, '\0', chunk));
    out.append(buf, end ? static_cast<size_t>(end - buf) : chunk);
    if (end) return out.size() <= most ? std::optional<std::string>(out) : std::nullopt;
    address += chunk;
  }
  return std::nullopt;
}

std::string CallerDirectory(pid_t tid) {
  char buf[PATH_MAX];
  ssize_t n = ::readlink(fmt::format("/proc/{}/cwd", tid).c_str(), buf, sizeof buf);
  if (n <= 0 || n == static_cast<ssize_t>(sizeof buf)) return "";
  return std::string(buf, static_cast<size_t>(n));
}

bool CanGuardCalls(std::string* why) {
  seccomp_notif_sizes sizes{};
  if (::syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0) {
    *why = "this kernel cannot hand a program's calls to the grader (Linux 5.0)";
    return false;
  }
  if (sizes.seccomp_notif < sizeof(seccomp_notif) ||
      sizes.seccomp_notif_resp < sizeof(seccomp_notif_resp)) {
    *why = "this kernel's seccomp notifications are smaller than the grader's";
    return false;
  }
  if (!KernelHas(SYS_pidfd_getfd) || !KernelHas(SYS_openat2)) {
    *why = "this kernel has no pidfd_getfd() or openat2() (Linux 5.6)";
    return false;
  }
  // Tried on the grader itself, which is always allowed but by a filter of the grader's own (a
  // container's seccomp profile refuses both without CAP_SYS_PTRACE).
  int byte = 1, copy = 0;
  Fd self(static_cast<int>(::syscall(SYS_pidfd_open, ::getpid(), 0)));
  Fd taken(self ? static_cast<int>(::syscall(SYS_pidfd_getfd, self.get(), 0, 0)) : -1);
  if (!taken || !ReadCallerMemory(::gettid(), reinterpret_cast<uint64_t>(&byte), &copy, 1) ||
      copy != 1) {
    *why = fmt::format("the grader may not use pidfd_getfd() or process_vm_readv() here ({})",
                       std::strerror(errno));
    return false;
  }
  // Yama's ptrace_scope: 1 lets the grader look into its own descendants (the programs are:
  // it is their subreaper), 2 only with CAP_SYS_PTRACE, 3 never.
  int yama = std::atoi(ReadFile("/proc/sys/kernel/yama/ptrace_scope").value_or("0").c_str());
  if (yama >= 3 || (yama == 2 && !HoldsCapability(kCapSysPtrace))) {
    *why =
        fmt::format("Yama's ptrace_scope is {}: the grader may not look into its programs", yama);
    return false;
  }
  if (::geteuid() == 0 && !HoldsCapability(kCapSysPtrace)) {
    *why =
        "running as root without CAP_SYS_PTRACE (a default container's capabilities), the "
        "grader may not look into programs that run as a uid of their own";
    return false;
  }
  return true;
}

}  // namespace netgrade::sandbox
