// Nothing a student's program starts outlives the grader, even when the grader is killed
// with SIGKILL (a cancelled CI job, a time limit) and there is no PID namespace to end with it
// (a default container, a user without user namespaces).
//
// The process the caller started (the front) forks a watchdog in a session of its own (a
// signal to the caller's process group or terminal does not reach it), which makes itself a
// child subreaper and forks the grader. Every process the grader starts is then the
// watchdog's descendant: a daemon that double-forks away from its program is re-parented to
// the grader (a subreaper too) and, once the grader is gone, to the watchdog. When the grader
// ends, or the front dies (its pipe closes), the watchdog kills the grader and every process
// left under it, reaps them, and passes the grader's status to the front, which exits with it.
// The front forwards SIGINT, SIGTERM, SIGHUP and SIGQUIT to the grader.
//
// Chosen over a PID namespace (refused without privileges or user namespaces), a cgroup's
// cgroup.kill (absent or read-only in most containers), and a scan for the case uids (not
// root: the programs run as the grader's own user).
#pragma once

#include <functional>

namespace netgrade::cli {

// Runs `grader` as described above and returns its exit status in the front (a grader killed
// by a signal: the front kills itself with it). In the grader, `grader`'s return value is
// passed to std::exit. Call it first in main, before any thread starts.
int RunWatched(const std::function<int()>& grader);

}  // namespace netgrade::cli
