// The TCP and UDP kinds: the labs where a student's program meets netgrade's reference peer
// (a client or a server, a script's connections), through the proxy that injects faults. Their
// cases are the runner's own (run/case_runner.cc); their checks, which read the reference
// peer's log and the proxy's, are here (socket_checks.h), with their words for `netgrade
// explain` and when a case needs a network of its own. See harness/README.md, "Adding a lab
// kind".
#pragma once

#include "harness/kinds/kind.h"

namespace netgrade::sockets {

const kinds::Kind& TcpKind();
const kinds::Kind& UdpKind();

}  // namespace netgrade::sockets
