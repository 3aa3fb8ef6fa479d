// The one kill-and-wait loop: SIGKILL every process a list names, wait (bounded) until each
// is gone, and go again until the list is empty. A SIGKILLed process cannot fork any more, so
// each round leaves only children born during the last one; the process cap bounds the rounds.
#pragma once

#include <sys/types.h>

#include <functional>
#include <vector>

namespace netgrade::sandbox {

struct KillRound {
  // The processes still to kill (read anew each round: a cgroup, a process tree).
  std::function<std::vector<pid_t>()> pids;
  // Runs after each round's processes are gone (reaping what the grader must reap).
  std::function<void(const std::vector<pid_t>& killed)> after = nullptr;
};

// Kills until `pids()` is empty or 20 rounds have passed; each round waits at most 2 s for
// its processes to be gone, observed through pidfds, never by sleeping.
void KillUntilGone(const KillRound& round);

}  // namespace netgrade::sandbox
