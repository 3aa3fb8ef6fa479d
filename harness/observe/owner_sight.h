// What only a program's own user may read of it, read for the grader by a helper that runs as
// that user. Where the grader is root without CAP_SYS_PTRACE (a default Docker container:
// GitLab CI, course platforms), the kernel hides from it where another user's program is
// blocked (/proc/<pid>/task/<tid>/syscall) and its sockets' options (pidfd_getfd): without
// them no program is ever seen at rest, and every failing case waits out its timeout. The
// kernel shows both to a process with the program's uid and gid, so the grader forks one, that
// serves these questions over a socket pair and nothing else (and the few bytes of the program's
// memory that say how long its sleep or poll() waits: waiting.h).
//
// The helper cannot be made to lie or to leak: it has none of the grader's descriptors, it is
// not dumpable (the program may not ptrace it or read its memory, the copy of the grader's),
// and it ends with the grader. The program may kill or stop it: then the questions have no
// answer (nullopt, as without a helper) and the case waits for its timeout, as before.
// Chosen over a thread with the program's uid: the program could then send that thread, and
// with it the whole grader, SIGKILL or SIGSTOP.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "harness/base/fd.h"

namespace netgrade::observe {

class OwnerSight {
 public:
  // A helper running as uid/gid, seen by BlockedIn and Resting (waiting.h) for that uid's
  // processes while this lives (one per uid at a time). nullptr when it cannot be started.
  static std::unique_ptr<OwnerSight> Start(uid_t uid, gid_t gid);
  // The helper running as uid, or nullptr.
  static OwnerSight* For(uid_t uid);
  ~OwnerSight();
  OwnerSight(const OwnerSight&) = delete;
  OwnerSight& operator=(const OwnerSight&) = delete;

  // The text of /proc/<pid>/task/<tid>/syscall, or nullopt (the helper may not read it, or
  // is gone).
  std::optional<std::string> SyscallText(pid_t pid, pid_t tid);
  // Whether descriptor `fd` of `pid` is a socket with SO_RCVTIMEO (false for a pipe or a
  // terminal), or nullopt when the helper cannot tell (pidfd_getfd refused by a seccomp
  // profile, as Docker's is without CAP_SYS_PTRACE).
  std::optional<bool> HasReceiveTimeout(pid_t pid, int fd);
  // Whether a read on descriptor `fd` of `pid` would return at once (data, a connection to
  // accept, its end), or nullopt when the helper cannot tell.
  std::optional<bool> Ready(pid_t pid, int fd);
  // `size` bytes (at most 244) of `pid`'s memory at `address` (a sleep's timespec, a poll()'s
  // array), or nullopt.
  std::optional<std::string> Memory(pid_t pid, uint64_t address, size_t size);

  pid_t pid() const { return pid_; }

  struct Reply;  // the helper's answer to one question (owner_sight.cc)

 private:
  OwnerSight(uid_t uid, pid_t pid, Fd socket) : uid_(uid), pid_(pid), socket_(std::move(socket)) {}
  std::optional<Reply> Ask(int kind, pid_t pid, int arg, uint64_t address = 0);

  uid_t uid_;
  pid_t pid_;
  Fd socket_;
  std::mutex mutex_;  // one question at a time
};

}  // namespace netgrade::observe
