// The grader's side of a seccomp user notification (SECCOMP_RET_USER_NOTIF): a call a
// program's filter handed over, read from the listener, looked into, and answered. The kernel
// holds the program's thread until the answer; nothing here runs the call itself.
//
// Written on the kernel's ioctls rather than libseccomp's seccomp_notify_*: those want the
// filter loaded through libseccomp in the same process, and ours is exported as BPF and loaded
// by the child (syscall_filter.h).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "harness/base/fd.h"

namespace netgrade::sandbox {

struct Notification {
  uint64_t id = 0;
  pid_t tid = 0;  // the thread that made the call (its id in the grader's PID namespace)
  int nr = -1;    // the call's number
  uint64_t args[6] = {};
};

// Takes the next call from `listener`. False when there is none to take (the thread was
// killed meanwhile: ENOENT) or the listener failed; errno says which.
bool ReceiveNotification(int listener, Notification* n);

// Answers call `id`: it returns `value`, or fails with `error` (an errno, not negated) when
// that is not 0. False when the thread is gone (the answer has no one to reach).
bool AnswerNotification(int listener, uint64_t id, int64_t value, int error);

// Lets call `id` go on as the program made it (SECCOMP_USER_NOTIF_FLAG_CONTINUE): for a call
// the grader only looks at. Safe only where letting it go on grants nothing (the kernel, and
// the rest of the filter, still judge it).
bool ContinueNotification(int listener, uint64_t id);

// Answers call `id` with a new descriptor of the caller's for the grader's `fd` (its number is
// the call's result; close-on-exec when `cloexec`): SECCOMP_IOCTL_NOTIF_ADDFD with
// SECCOMP_ADDFD_FLAG_SEND (Linux 5.14). False with errno when it could not be given.
bool AnswerWithDescriptor(int listener, uint64_t id, int fd, bool cloexec);

// Whether call `id` still waits for its answer: after reading the caller's memory or files,
// proof that they were the caller's (its thread id was not reused meanwhile).
bool NotificationPending(int listener, uint64_t id);

// Copies `size` bytes at `address` in thread `tid`'s memory. False with errno: EFAULT (not
// mapped), EPERM/EACCES (the grader may not look: another user without CAP_SYS_PTRACE), ESRCH.
bool ReadCallerMemory(pid_t tid, uint64_t address, void* out, size_t size);

// A descriptor of the grader's for the file behind descriptor `fd` of thread `tid`'s process
// (pidfd_getfd). Empty with errno set: EBADF when the process has no such descriptor.
Fd TakeCallerDescriptor(pid_t tid, int fd);

// The NUL-terminated string at `address` in thread `tid`'s memory (a path), read up to a page
// boundary at a time; nullopt when it cannot be read or is longer than `most` bytes.
std::optional<std::string> ReadCallerString(pid_t tid, uint64_t address, size_t most = 4096);

// Thread `tid`'s working directory, as the grader sees it; "" when it cannot be read.
std::string CallerDirectory(pid_t tid);

// Whether this kernel can hand calls over and the grader can then look into the callers, as
// this grader runs: user notification with a listener (Linux 5.0), pidfd_getfd (5.6) and
// openat2 (5.6); and, running as root, CAP_SYS_PTRACE (the programs run as a uid of their
// own). Otherwise, in `why`, what is missing.
bool CanGuardCalls(std::string* why);

}  // namespace netgrade::sandbox
