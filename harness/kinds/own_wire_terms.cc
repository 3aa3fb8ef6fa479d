#include "harness/kinds/own_wire_terms.h"

#include "harness/kinds/sockets/terms.h"

namespace netgrade::kinds {

const check::SocketTerms& OwnWireTerms() {
  static const check::SocketTerms kOwnWire = [] {
    check::SocketTerms t = sockets::TcpTerms();
    // It listens (a transport receiver) and sends with UDP sockets: that protocol's name, its
    // socket type and what a client written for it does. No server of its answers in HTTP, and
    // a listen() on a UDP socket means what it means of any.
    const check::SocketTerms& udp = sockets::UdpTerms();
    t.proto = udp.proto;
    t.name = udp.name;
    t.socket_type = udp.socket_type;
    t.reach = udp.reach;
    t.create_socket = udp.create_socket;
    t.other_did = udp.other_did;
    t.may_answer_http = false;
    t.listen_on_udp_socket = "";
    return t;
  }();
  return kOwnWire;
}

}  // namespace netgrade::kinds
