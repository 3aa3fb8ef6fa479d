// Whether a program's socket table shows it listening, and where: read from its sockets,
// never probed.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

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

// The program listens on `port` with the spec's protocol.
bool ListeningOn(const std::vector<SocketInfo>& sockets, spec::Protocol protocol, uint16_t port);
// The port the program listens on with the spec's protocol instead of `port` (a port written
// in the program); nullopt when it listens on `port` in any protocol, or nowhere.
std::optional<uint16_t> ListeningElsewhere(const std::vector<SocketInfo>& sockets,
                                           spec::Protocol protocol, uint16_t port);
// The program listens on `port`, and only on loopback (127.0.0.1, ::1): another host cannot
// reach it.
bool ListensOnlyOnLoopback(const std::vector<SocketInfo>& sockets, uint16_t port);

}  // namespace netgrade::observe
