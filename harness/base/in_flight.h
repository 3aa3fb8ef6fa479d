// Whether anything is on its way between a student's program and the grader, past the
// program's own side: the one rule by which a case's end (run/rest_watch.h) and a script's
// waiting step (peers/script_peer.cc) both tell that nothing more can reach a program at rest
// before they call its rest final.
#pragma once

#include "harness/base/event_loop.h"

namespace netgrade {

// Nothing in the kernel's receive backlog between a sender and its receiver (PacketsInBacklog),
// nothing come to a descriptor `loop` watches that no callback has handled yet (a reply the
// proxy has not read, a connection it has not accepted), and no action due on `loop` (a peer's
// next write, a proxy's delayed datagram). Looked at in the order bytes travel, so that bytes
// that move while it looks are met again further on. What the program itself has not sent,
// or has not read where it waits, is the caller's to look at first.
bool NothingBetween(const EventLoop& loop);

}  // namespace netgrade
