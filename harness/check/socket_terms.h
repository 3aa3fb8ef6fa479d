// What the shared checks say of a lab kind's sockets, as plain data the kind gives
// (KindChecks::terms, check/kind_checks.h): a few properties of its traffic, where the checks
// behave differently (its messages are datagrams, not lines of a stream), and the words they
// render (a connection or a socket, a line or a datagram, accept() or recvfrom() in a loop).
// The checks never ask which protocol the exercise is: TCP's and UDP's terms are the sockets
// kind's (kinds/sockets/terms.h), ICMP's and transport's kinds/own_wire_terms.h.
#pragma once

#include <string>

#include "harness/observe/socket_info.h"

namespace netgrade::check {

struct SocketTerms {
  // Its messages are datagrams, one each (the reference peer's log keeps them so:
  // peers::ConnectionLog::datagrams), sent again after a loss; false: lines of a byte stream,
  // split at their newlines, on connections that a program closes or resets.
  bool datagrams = false;
  // The protocol its programs listen and send with: a server seen listening with the other one,
  // or a client's sends in the other one, used the wrong protocol.
  observe::SocketProto proto = observe::SocketProto::kTcp;
  // A server may answer in HTTP by mistake (http.server handed in for a line exercise).
  bool may_answer_http = false;

  // Its words. The protocol and its socket type: "TCP", "SOCK_STREAM".
  std::string name;
  std::string socket_type;
  // One message, as a case counts them: "line", "datagram".
  std::string message;
  // What a script's label names, one of the reference peer's: "connection", "socket".
  std::string channel;
  // What of the program's reached a port: "connection", "datagram".
  std::string contact;
  // How a client reached the reference server: "connected to", "sent a datagram to".
  std::string contacted;
  // How a client is told to reach the port it is given: "connect() to", "send to".
  std::string reach;
  // The socket to create, with its calls: "SOCK_STREAM (and connect/send/recv)".
  std::string create_socket;
  // What a program written for the other protocol did: "sent UDP datagrams (a SOCK_DGRAM
  // socket)".
  std::string other_did;
  // What a server does with the port it is given: "bind() and listen() on it".
  std::string bind_how;
  // What a server that must keep running does next: "serve the next connection: a server loops
  // around accept()"; and that loop, written out: "for (;;) { accept(); ... }".
  std::string keep_serving;
  std::string serve_loop;
  // How a server sends its answer back, where it only printed it: "connectionSocket.send(...)".
  std::string send_back;
  // How a server of a flood should send: a sentence, ending in the question the flood raises.
  std::string server_sends;
  // How a client of a flood sends each message: "Send each message once, as one {line on one
  // connection}"; and where an answer comes back: "Send each message once{, on one connection,}
  // and wait for its answer".
  std::string send_each_as;
  std::string send_each_then_wait;
  // What listen() on a UDP socket (Errno 95) means in its exercise, with the fix; "": what it
  // means of any UDP socket (check/traceback.cc: UDP has no connections to listen for).
  std::string listen_on_udp_socket;
};

}  // namespace netgrade::check
