#include "harness/kinds/sockets/terms.h"

namespace netgrade::sockets {

const check::SocketTerms& TcpTerms() {
  static const check::SocketTerms kTcp{
      .datagrams = false,
      .proto = observe::SocketProto::kTcp,
      .may_answer_http = true,
      .name = "TCP",
      .socket_type = "SOCK_STREAM",
      .message = "line",
      .channel = "connection",
      .contact = "connection",
      .contacted = "connected to",
      .reach = "connect() to",
      .create_socket = "SOCK_STREAM (and connect/send/recv)",
      .other_did = "sent UDP datagrams (a SOCK_DGRAM socket)",
      .bind_how = "bind() and listen() on it",
      .keep_serving = "serve the next connection: a server loops around accept()",
      .serve_loop = "for (;;) { accept(); read() and write() until read() returns 0; close(); }",
      .send_back = "connectionSocket.send(answer.encode()) (C: write(connfd, buf, n))",
      .server_sends =
          "A server sends one answer for each line it receives, then waits for the next line "
          "(recv()): is a send() in a loop that never ends?",
      .send_each_as = "line on one connection",
      .send_each_then_wait = ", on one connection,",
      .listen_on_udp_socket =
          "listen() was called on a UDP socket (SOCK_DGRAM), but this exercise is TCP: create "
          "the socket with SOCK_STREAM (socket(AF_INET, SOCK_STREAM)), then bind(), listen() "
          "and accept() as you do.",
  };
  return kTcp;
}

const check::SocketTerms& UdpTerms() {
  static const check::SocketTerms kUdp{
      .datagrams = true,
      .proto = observe::SocketProto::kUdp,
      .may_answer_http = false,
      .name = "UDP",
      .socket_type = "SOCK_DGRAM",
      .message = "datagram",
      .channel = "socket",  // UDP has no connections: a script's labels are sockets
      .contact = "datagram",
      .contacted = "sent a datagram to",
      .reach = "send to",
      .create_socket = "SOCK_DGRAM (and sendto/recvfrom)",
      .other_did = "connected with TCP (a SOCK_STREAM socket)",
      .bind_how = "bind() to it",
      .keep_serving = "answer the next datagram: a UDP server calls recvfrom() in a loop",
      .serve_loop = "for (;;) { recvfrom(); sendto(); }",
      .send_back = "sock.sendto(answer.encode(), address), to the address recvfrom() returned",
      .server_sends =
          "A server sends one answer for each datagram it receives, then waits for the next one "
          "(recvfrom()).",
      .send_each_as = "datagram",
      .send_each_then_wait = " as one datagram (again only when no answer came within 1 s)",
      .listen_on_udp_socket = "",  // what it means of any UDP socket: no listen() at all
  };
  return kUdp;
}

}  // namespace netgrade::sockets
