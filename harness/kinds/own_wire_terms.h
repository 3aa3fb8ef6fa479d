// What the shared checks say of the sockets of a kind with a wire of its own (ICMP, transport:
// check/socket_terms.h). Such a kind meets no reference peer, so the checks of a peer's log
// find nothing of it to say; where a shared check does speak of it (a receiver that never
// listened, a server that stopped, a listen() on a UDP socket), it says what it said before
// the terms were a kind's: its programs listen with UDP sockets, and the rest is told in a
// stream's words, TCP's.
#pragma once

#include "harness/check/socket_terms.h"

namespace netgrade::kinds {

const check::SocketTerms& OwnWireTerms();

}  // namespace netgrade::kinds
