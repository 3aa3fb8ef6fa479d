// Whether a student's program is waiting: every thread of every process asleep in a system
// call that waits for input (read, recv, accept, poll, ...). Read from /proc, without
// touching the program. A program seen waiting has done what the last input asked of it:
// a server has answered and gone back to recv() or accept(), a client has sent what it
// means to send before it reads the answer. This is how the grader observes, instead of
// guessing with a sleep, that the program has reached a resting point.
#pragma once

#include <sys/types.h>

#include <chrono>
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

// One thread's wait as the rest rule reads it (run/rest_watch.h): the call, what wakes it
// (its descriptors, its timer) and the raw fields of /proc/.../syscall, whose change says a
// new call began. Sleeps (nanosleep, clock_nanosleep) count here, with their timer: a
// program asleep past the case's end is at rest too.
struct ThreadWait {
  pid_t pid = 0;  // its process
  pid_t tid = 0;
  std::string call;     // "recvfrom", "clock_nanosleep"...; empty: running, or not a wait
  std::string fields;   // the syscall's number and arguments as /proc shows them
  bool unseen = false;  // out of the grader's sight: nothing is known
  // The descriptors whose input would wake it (read/recv/accept: one; poll/ppoll: its array;
  // select: its read set; epoll: what the instance watches; nanosleep, futex, wait4, pause:
  // none). fds_known false: it may wait on any (memory or an fdinfo the grader could not read).
  std::vector<int> fds;
  bool fds_known = false;
  // Its timer: none (it waits for ever), a length counted from the call's start (poll's
  // milliseconds, nanosleep's time, SO_RCVTIMEO), or a moment on the steady clock
  // (clock_nanosleep TIMER_ABSTIME, FUTEX_WAIT_BITSET). timer_unknown: it has one the grader
  // cannot read (its memory or the socket is out of sight).
  bool timer_unknown = false;
  std::optional<std::chrono::nanoseconds> timer_length;
  std::optional<std::chrono::steady_clock::time_point> timer_at;
};
// Every thread of every one of pids; empty when pids is empty or a process is gone.
// A JVM's own threads (collector, compilers, periodic tasks: JvmHousekeeping) are left out
// while they sleep and a thread of the program's waits outside futex() (on a socket, its input).
std::vector<ThreadWait> ThreadWaits(const std::vector<pid_t>& pids);
// Whether the thread at `task_dir` (/proc/PID/task/TID) bears the name of one of a JVM's own
// threads, which wake on timers of their own and never print or send: Resting and ThreadWaits
// leave them out in a process the java launcher started.
bool JvmHousekeeping(const std::string& task_dir);
// Whether any of `fds` of `pid` has input (or an end, or an error) that would wake a call
// waiting on it, seen through duplicates of them (pidfd_getfd); nullopt when the grader may
// not duplicate them.
std::optional<bool> AnyReady(pid_t pid, const std::vector<int>& fds);

}  // namespace netgrade::observe
