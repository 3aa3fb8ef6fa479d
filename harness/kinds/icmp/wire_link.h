// The packet sockets of a case's ICMP wire (kinds/icmp/wire.h): opening one on an interface,
// the kernel's time of a frame's arrival, the link's MTU, and the frames the kernel dropped
// before the wire read them.
#pragma once

#include <sys/socket.h>

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

// When a frame reached the wire, on the loop's clock: the kernel's stamp (the realtime clock)
// moved by how long ago it is now. A stamp missing, or in the future or older than 10 s (the
// realtime clock set meanwhile), gives now.
TimePoint ArrivedAt(msghdr& m, TimePoint now);

// The frames the kernel dropped on `fd` since the last call (PACKET_STATISTICS: reading
// resets them).
size_t DroppedSinceLastAsked(int fd);

}  // namespace netgrade::icmp::wire_link
