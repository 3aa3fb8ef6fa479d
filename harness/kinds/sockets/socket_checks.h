// The TCP and UDP labs' checks (their Kind::checks, kinds/kind.h): the program meets
// netgrade's reference peer, through its proxy, and these read the peer's log and the proxy's:
// what the reference peer heard and answered, and the causes a network of peers and a proxy
// shows.
#pragma once

#include "harness/check/kind_checks.h"

namespace netgrade::sockets {

const check::KindChecks& SocketChecks();

}  // namespace netgrade::sockets
