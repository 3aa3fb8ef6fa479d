// Files written while other threads fork. A child forked while a thread of the grader has a
// file open for writing inherits that descriptor and holds it until it closes it or execs
// (O_CLOEXEC); while any process holds it, exec of that file fails with ETXTBSY ("Text file
// busy"). Cases that run at once copy their programs into their working folders and fork
// their programs: one case's fork, in the microseconds before its child closes what it does
// not need, made another case's freshly copied program fail to start. So a file that may be
// executed is written under a WritingGuard (any number at once), and every fork of the grader
// happens under a ForkGuard (alone): no child is ever born holding such a descriptor.
#pragma once

#include <mutex>
#include <shared_mutex>

namespace netgrade {

// Held from before the file is opened for writing until after it is closed.
[[nodiscard]] std::shared_lock<std::shared_mutex> WritingGuard();
// Held around fork() itself, in the parent (the child's copy is never unlocked, nor used).
[[nodiscard]] std::unique_lock<std::shared_mutex> ForkGuard();

}  // namespace netgrade
