// The packet sockets of a case's ICMP wire (kinds/icmp/wire.h): opening one on an interface
// (each frame stamped with its arrival: base/arrival.h), the link's MTU, and the frames the
// kernel dropped before the wire read them.
#pragma once

#include <cstddef>

#include "harness/base/event_loop.h"
#include "harness/base/fd.h"

namespace netgrade::icmp::wire_link {

// A packet socket on `ifname` of the calling thread's namespace, taking every frame that
// arrives there (none that leaves: the wire's own writes are not read back), its receive
// queue `receive_buffer` bytes (forced where the grader may, else as near as the machine's
// rmem_max lets).
Fd OpenSide(const char* ifname, int receive_buffer);

// The MTU of `ifname` in the calling thread's namespace; 1500 when it cannot be read.
size_t Mtu(const char* ifname);

// The frames the kernel dropped on `fd` since the last call (PACKET_STATISTICS: reading
// resets them).
size_t DroppedSinceLastAsked(int fd);

}  // namespace netgrade::icmp::wire_link
