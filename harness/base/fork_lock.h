// Files written while other threads fork. A child forked while a thread of the grader has a
// file open for writing inherits that descriptor and holds it until it closes it or execs
// (O_CLOEXEC); while any process holds it, exec of that file fails with ETXTBSY ("Text file
// busy"). Cases that run at once copy their programs into their working folders and fork
// their programs: one case's fork, in the microseconds before its child closes what it does
// not need, made another case's freshly copied program fail to start. So a file that may be
// executed is written under a WritingGuard (any number at once), and every fork of the grader
// happens under a ForkGuard (alone): no child is ever born holding such a descriptor.
//
// The same holds for an end that must be seen at once: a program's standard input closed by
// its case (the program, blocked in read(), gets its end of file) or a reference server's
// listening port closed by `stop: peer`. A child that still held a copy kept the pipe or the
// port open: a client at rest in read() was judged as never exiting, and a client's new
// connection was taken by a port that was meant to be closed (both seen under load, 1 run in
// 100). So a fork keeps its ForkGuard until its child has closed every descriptor it does not
// need (sandbox/spawn.cc), and such ends are closed with CloseSeenAtOnce.
#pragma once

#include <mutex>
#include <shared_mutex>

#include "harness/base/fd.h"

namespace netgrade {

// Held from before the file is opened for writing until after it is closed.
[[nodiscard]] std::shared_lock<std::shared_mutex> WritingGuard();
// Held around fork() itself, in the parent (the child's copy is never unlocked, nor used).
[[nodiscard]] std::unique_lock<std::shared_mutex> ForkGuard();
// Closes `fd` when no child of the grader holds a copy of it, so that its end is the
// kernel's at once.
void CloseSeenAtOnce(Fd& fd);

}  // namespace netgrade
