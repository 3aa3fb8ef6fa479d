// What would wake each thread of a student's program, as the rest rule reads it
// (run/rest_watch.h): the call it waits in, the descriptors whose input would end that call and
// its timer, read from /proc and from the few bytes of the program's memory the call's
// arguments point at; and whether input is ready on those descriptors now.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace netgrade::observe {

// One thread's wait: the call, what wakes it (its descriptors, its timer) and the raw fields
// of /proc/.../syscall, whose change says a new call began. Sleeps (nanosleep,
// clock_nanosleep) count here, with their timer: a program asleep past the case's end is at
// rest too.
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
// A JVM's own threads (collector, compilers, periodic tasks: jvm_threads.h) are left out
// while they sleep and a thread of the program's waits outside futex() (on a socket, its input).
std::vector<ThreadWait> ThreadWaits(const std::vector<pid_t>& pids);

// Whether any of `fds` of `pid` has input (or an end, or an error) that would wake a call
// waiting on it, seen through duplicates of them (pidfd_getfd), else by the helper of the
// program's user (owner_sight.h); nullopt when neither may look.
std::optional<bool> AnyReady(pid_t pid, const std::vector<int>& fds);

}  // namespace netgrade::observe
