// The TCP and UDP labs' checks (their Kind::checks, kinds/kind.h): the program meets
// netgrade's reference peer, through its proxy, and these read the peer's log and the proxy's:
// what the reference peer heard and answered, and the causes a network of peers and a proxy
// shows.
#pragma once

#include "harness/check/kind_checks.h"

namespace netgrade::sockets {

// TCP's, in TCP's terms (terms.h); UDP's are the same in UDP's terms, and besides: a client that
// sent everything elsewhere has shown why it fails (shown_in_full), and a server that draws random
// numbers and passed is noted (notes: random_drop.h's RandomDrawNotes).
const check::KindChecks& TcpChecks();
const check::KindChecks& UdpChecks();

}  // namespace netgrade::sockets
