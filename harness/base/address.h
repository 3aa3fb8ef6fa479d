// IPv4/IPv6 socket addresses and the few socket calls the reference peers share. Every
// socket is created close-on-exec and non-blocking, and owned by an Fd.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>

#include "harness/base/fd.h"

namespace netgrade {

struct Address {
  sockaddr_storage storage{};
  socklen_t length = 0;

  // "127.0.0.1", "::1", "0.0.0.0" with a port; throws UsageError on a bad literal.
  static Address Parse(const std::string& host, uint16_t port);
  const sockaddr* sa() const { return reinterpret_cast<const sockaddr*>(&storage); }
  sockaddr* sa() { return reinterpret_cast<sockaddr*>(&storage); }
  int family() const { return storage.ss_family; }
  uint16_t port() const;
  void set_port(uint16_t port);
  std::string host() const;
  std::string ToString() const;  // "127.0.0.1:5000", "[::1]:5000"
};

// A listening TCP socket (SO_REUSEADDR, backlog 64). Port 0: the kernel picks.
Fd TcpListen(const Address& address);
// Starts a non-blocking connect; completion shows as POLLOUT, then ConnectError().
Fd TcpConnectStart(const Address& address);
// The pending error of a socket (SO_ERROR), 0 when connected.
int ConnectError(int fd);
// A bound UDP socket.
Fd UdpBind(const Address& address);
// The address a socket is bound to (an accepted TCP connection: the address its client dialled).
Address LocalAddress(int fd);
// A UDP socket bound to 0.0.0.0 reports with each datagram the address it was sent to
// (IP_PKTINFO): what the sender dialled, read by DestinationOf from recvmsg's control data.
void AskDestination(int fd);
// "" when the control data has no IP_PKTINFO.
std::string DestinationOf(msghdr& h);
// One datagram from `fd` into buf (at most `size` bytes), its sender in *from and what the
// sender dialled in *dialled (DestinationOf): its length, or -1 with errno set.
ssize_t ReceiveDialled(int fd, char* buf, size_t size, Address* from, std::string* dialled);
// A port that was free a moment ago, for a student's server to listen on: one that binds on
// 0.0.0.0 for TCP and UDP alike with no SO_REUSEADDR (no socket, not even one in TIME_WAIT,
// holds it), taken from below the kernel's ephemeral range (ip_local_port_range), so that no
// connect() or bind to port 0 elsewhere on the machine is handed it before the program binds
// it. The search starts at `start` (modulo the range): a seed's value gives the same port each
// time in a namespace of the case's own; without one it starts at random. Where the range
// leaves no room below it, the kernel picks (bind to port 0).
uint16_t PickFreePort(int type = SOCK_STREAM, std::optional<uint64_t> start = std::nullopt);

}  // namespace netgrade
