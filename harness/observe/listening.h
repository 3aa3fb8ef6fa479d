// Whether a program's socket table shows it listening, and where: read from its sockets,
// never probed.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "harness/observe/proc_sockets.h"
#include "harness/spec/spec.h"

namespace netgrade::observe {

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
