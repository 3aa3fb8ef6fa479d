// Every program the grader has started, as the grader process itself keeps them: their
// process groups, all killed when the grader is interrupted, and which of the orphans it
// adopted (it is their child subreaper) belong to none of them.
#pragma once

#include <sys/types.h>

#include <mutex>
#include <vector>

namespace netgrade::sandbox {

// Once per grader: SIGPIPE ignored, the grader made a child subreaper, and Ctrl-C, SIGTERM or
// SIGHUP kill every registered group and every case cgroup before the grader dies of them.
void SetUpGraderOnce();

// Held from a program's fork until it is registered, so that no case takes a program another
// case has just forked for an orphan (Process::AllPids).
[[nodiscard]] std::unique_lock<std::mutex> LockPrograms();
// Under LockPrograms: a program started (its pid is its process group's), or one that never
// ran (its sandbox failed).
void AddProgram(pid_t pid);
void RemoveProgram(pid_t pid);
// The program was reaped: its pid is no live program's now (its group stays registered until
// ForgetGroup: what it started may still be there).
void ProgramReaped(pid_t pid);
void ForgetGroup(pid_t pid);
// Under LockPrograms: a helper of the grader's that runs as a case's user (its fork held the
// lock too), never taken for an orphan of that user's program; until it is reaped.
void AddHelper(pid_t pid);
void HelperReaped(pid_t pid);

// The grader's children that are no live program: orphans it adopted. `uid` >= 0: only those
// that user owns (with cases running at once, another case's may be among them).
std::vector<pid_t> AdoptedOrphans(int uid);

}  // namespace netgrade::sandbox
