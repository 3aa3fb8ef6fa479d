// Whether a program's socket table shows it listening, and where: read from its sockets,
// never probed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/observe/proc_sockets.h"
#include "harness/spec/spec.h"

namespace netgrade::observe {

// The program's listening sockets (TCP in LISTEN, UDP bound and not connected), both
// protocols: what readiness is decided on (ListeningOn, ListeningElsewhere, a wrong
// protocol). Asked of the kernel for the listeners of this thread's namespace alone
// (observe/sock_diag.h, tens of microseconds, filtered by state in the kernel), then matched
// to the program's descriptors; read from /proc (SocketsOf) where sock_diag is refused. Not
// filtered by port in the kernel: a server on a port written in its code, or with the other
// protocol, must be seen as soon as it listens, not at the case's timeout. Not all states
// either: connected TCP sockets live in the kernel's hash of every connection of the
// machine, whose walk costs milliseconds (as /proc/net/tcp's does), while the listeners
// have a table of their own.
std::vector<SocketInfo> ListenersOf(const std::vector<pid_t>& pids);

// When to look again for a program's listener: `first` after a look, doubling up to `most`,
// never past the deadline. The kernel signals no listen(): a quick program is seen at once,
// one that takes a while (an interpreter starting) costs few looks.
class ListenBackoff {
 public:
  ListenBackoff(Clock::duration first, Clock::duration most) : next_(first), most_(most) {}
  TimePoint Next(TimePoint now, TimePoint deadline) {
    TimePoint at = std::min(now + next_, deadline);
    next_ = std::min(next_ * 2, most_);
    return at;
  }

 private:
  Clock::duration next_, most_;
};

// The program listens on `port` with `proto` (the protocol its lab kind listens with).
bool ListeningOn(const std::vector<SocketInfo>& sockets, SocketProto proto, uint16_t port);
// The port the program listens on with `proto` instead of `port` (a port written in the
// program); nullopt when it listens on `port` in any protocol, or nowhere.
std::optional<uint16_t> ListeningElsewhere(const std::vector<SocketInfo>& sockets,
                                           SocketProto proto, uint16_t port);

}  // namespace netgrade::observe
