// What the shared checks say of a TCP or a UDP lab's sockets (check/socket_terms.h), given as
// the kinds' KindChecks::terms (socket_checks.h): a stream of lines on connections, or
// datagrams; accept() or recvfrom() in a loop.
#pragma once

#include "harness/check/socket_terms.h"

namespace netgrade::sockets {

const check::SocketTerms& TcpTerms();
const check::SocketTerms& UdpTerms();

}  // namespace netgrade::sockets
