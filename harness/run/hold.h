// Holding a program still for an instant (a script's `at_once` sends, peers/case_control.h):
// SIGSTOP to each of its processes, and back with SIGCONT. A stop is seen, never assumed: the
// kernel stops a thread when it next leaves the kernel, so each thread's state is read from
// /proc until every one is stopped.
#pragma once

#include <sys/types.h>

#include <vector>

namespace netgrade::run {

// Stops every process of `pids` and returns once each of their threads is seen stopped
// (true), or false after a bound of a second (the processes are stopped anyway: LetGo).
bool HoldStill(const std::vector<pid_t>& pids);

// SIGCONT to every process of `pids`.
void LetGo(const std::vector<pid_t>& pids);

// Whether every thread of `pid` is stopped (state T or t); false for a process that is gone.
bool AllThreadsStopped(pid_t pid);

}  // namespace netgrade::run
