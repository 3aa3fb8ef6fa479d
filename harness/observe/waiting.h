// Whether a student's program is waiting: every thread of every process asleep in a system
// call that waits for input (read, recv, accept, poll, ...). Read from /proc, without
// touching the program. A program seen waiting has done what the last input asked of it:
// a server has answered and gone back to recv() or accept(), a client has sent what it
// means to send before it reads the answer. This is how the grader observes, instead of
// guessing with a sleep, that the program has reached a resting point. What would wake each
// thread (its descriptors, its timer) is thread_waits.h's; which calls wait, blocking_calls.h's.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace netgrade::observe {

// True when `pids` is not empty and every thread of each is waiting as above.
bool AllWaiting(const std::vector<pid_t>& pids);

// Where a process's main thread is blocked, from /proc/<pid>/syscall (x86-64 numbers).
struct BlockedCall {
  std::string name;          // "recvfrom", "poll", ...; empty when unknown or not waiting
  int fd = -1;               // the descriptor it waits on (read/recv*), else -1
  bool has_timeout = false;  // poll/select with a timeout, or a socket with SO_RCVTIMEO
  // The grader could not tell (the call or the socket are out of its sight): has_timeout
  // is then false but says nothing.
  bool timeout_unknown = false;
};
BlockedCall BlockedIn(pid_t pid);
// The same for one thread: `task_dir` is /proc/<pid> or /proc/<pid>/task/<tid>.
BlockedCall BlockedInTask(pid_t pid, const std::string& task_dir);

// Every thread of every one of pids asleep in a waiting call with no timeout, each seen (not
// in a default Docker container, where the calls cannot be read): a program at rest, which
// nothing but input can wake. Then the call its first thread waits in ("recv", "accept"...).
std::optional<std::string> Resting(const std::vector<pid_t>& pids);
// Every thread of every one of pids seen asleep in a call that waits for input (its call read:
// never in a default Docker container, where AllWaiting takes any sleep for it), with a timeout
// or not; never in a sleep (nanosleep), which no input ends. A program waiting for input, a
// timer of its own aside: poll() with a timeout, a socket with SO_RCVTIMEO.
bool AllSeenWaiting(const std::vector<pid_t>& pids);

}  // namespace netgrade::observe
