// Whether a program's socket table shows it listening, and where: read from its sockets,
// never probed.
#pragma once

#include <cstdint>
#include <vector>

#include "harness/observe/proc_sockets.h"
#include "harness/spec/spec.h"

namespace netgrade::observe {

// The program listens on `port` with the spec's protocol.
bool ListeningOn(const std::vector<SocketInfo>& sockets, spec::Protocol protocol, uint16_t port);
// The program listens on `port`, and only on loopback (127.0.0.1, ::1): another host cannot
// reach it.
bool ListensOnlyOnLoopback(const std::vector<SocketInfo>& sockets, uint16_t port);

}  // namespace netgrade::observe
