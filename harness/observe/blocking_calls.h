// Which system call a thread of the student's program is in: the calls a program sits in
// while it waits (read, recv, accept, poll, futex, ...) by this machine's numbers, and a
// thread's call read from /proc/<pid>/task/<tid>/syscall, or, where the grader may not read
// it (no CAP_SYS_PTRACE over another user's process), from the helper of the program's user
// (owner_sight.h). What waiting.h and thread_waits.h read a program's waits from.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "harness/observe/owner_sight.h"

namespace netgrade::observe {

// How a waiting call's arguments tell whether it has a timeout.
enum class Timeout {
  kNone,
  kSocketOption,
  kPollArg3,
  kSelectArg5,
  kPointerArg3,
  kPointerArg4,
  kEpollArg4
};

struct WaitingSyscall {
  long number;
  const char* name;
  Timeout timeout;
};

// The waiting call with this machine's number `number` (<sys/syscall.h>); nullptr for a call
// that is not a wait (write, connect, ...), or one this architecture lacks.
const WaitingSyscall* WaitingCall(long number);

// The first fields of a /proc/.../syscall text: the number and the arguments (at most seven).
std::vector<unsigned long> SyscallFields(const std::string& text);

// The helper of the user owning `proc_dir` (/proc/<pid> or a task of it), or nullptr.
OwnerSight* SightOf(const std::string& proc_dir);

// The /proc/.../syscall text of the thread at `task_dir` (/proc/<pid> or /proc/<pid>/task/<tid>)
// of `pid`: read directly or, where the grader may not, by the helper of the program's user;
// nullopt when neither can.
std::optional<std::string> SyscallText(pid_t pid, const std::string& task_dir);
// Its fields (SyscallFields); empty when it cannot be read.
std::vector<unsigned long> SyscallFieldsOf(pid_t pid, const std::string& task_dir);

// The state letter of a /proc/.../stat ('S': asleep, 'R': running...); '?' when it is gone.
char TaskState(const std::string& stat_path);

// Whether the socket `fd` of `pid` has a receive timeout (SO_RCVTIMEO; a pipe or a terminal:
// false), through a duplicate of it (pidfd_getfd: root with CAP_SYS_PTRACE, or the same user
// without Yama restrictions), else asked of the helper of the program's user; nullopt when
// neither may look.
std::optional<bool> HasReceiveTimeout(pid_t pid, int fd);

}  // namespace netgrade::observe
