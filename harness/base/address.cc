#include "harness/base/address.h"

#include <arpa/inet.h>
#include <fmt/core.h>
#include <netinet/tcp.h>

#include <cstring>
#include <fstream>
#include <random>
#include <utility>

#include "harness/base/error.h"

namespace netgrade {

Address Address::Parse(const std::string& host, uint16_t port) {
  Address a;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&a.storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
  if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    a.length = sizeof(sockaddr_in);
  } else if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    a.length = sizeof(sockaddr_in6);
  } else {
    throw UsageError(fmt::format("'{}' is not an IP address", host));
  }
  return a;
}

uint16_t Address::port() const {
  if (family() == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&storage)->sin_port);
  return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_port);
}

void Address::set_port(uint16_t port) {
  if (family() == AF_INET)
    reinterpret_cast<sockaddr_in*>(&storage)->sin_port = htons(port);
  else
    reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port = htons(port);
}

std::string Address::host() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (family() == AF_INET)
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&storage)->sin_addr, buf,
                sizeof buf);
  else
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_addr, buf,
                sizeof buf);
  return buf;
}

std::string Address::ToString() const {
  if (family() == AF_INET6) return fmt::format("[{}]:{}", host(), port());
  return fmt::format("{}:{}", host(), port());
}

Fd TcpListen(const Address& address) {
  Fd fd(CheckSys(::socket(address.family(), SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0),
                 "socket"));
  int one = 1;
  CheckSys(::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one),
           "setsockopt(SO_REUSEADDR)");
  CheckSys(::bind(fd.get(), address.sa(), address.length), "bind");
  CheckSys(::listen(fd.get(), 64), "listen");
  return fd;
}

Fd TcpConnectStart(const Address& address) {
  Fd fd(CheckSys(::socket(address.family(), SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0),
                 "socket"));
  int one = 1;
  ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (::connect(fd.get(), address.sa(), address.length) < 0 && errno != EINPROGRESS)
    throw SystemError("connect to " + address.ToString(), errno);
  return fd;
}

int ConnectError(int fd) {
  int err = 0;
  socklen_t len = sizeof err;
  CheckSys(::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len), "getsockopt(SO_ERROR)");
  return err;
}

Fd UdpBind(const Address& address) {
  Fd fd(
      CheckSys(::socket(address.family(), SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), "socket"));
  CheckSys(::bind(fd.get(), address.sa(), address.length), "bind");
  return fd;
}

void AskDestination(int fd) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one);  // best effort: only a note
}

std::string DestinationOf(msghdr& h) {
  for (cmsghdr* c = CMSG_FIRSTHDR(&h); c != nullptr; c = CMSG_NXTHDR(&h, c)) {
    if (c->cmsg_level != IPPROTO_IP || c->cmsg_type != IP_PKTINFO) continue;
    in_pktinfo info;
    std::memcpy(&info, CMSG_DATA(c), sizeof info);
    char text[INET_ADDRSTRLEN];
    return ::inet_ntop(AF_INET, &info.ipi_addr, text, sizeof text) ? text : "";
  }
  return "";
}

ssize_t ReceiveDialled(int fd, char* buf, size_t size, Address* from, std::string* dialled) {
  iovec iov{buf, size};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in_pktinfo))];
  msghdr h{};
  h.msg_name = from->sa();
  h.msg_namelen = sizeof from->storage;
  h.msg_iov = &iov;
  h.msg_iovlen = 1;
  h.msg_control = control;
  h.msg_controllen = sizeof control;
  ssize_t n = ::recvmsg(fd, &h, 0);
  if (n < 0) return n;
  from->length = h.msg_namelen;
  *dialled = DestinationOf(h);
  return n;
}

Address LocalAddress(int fd) {
  Address a;
  a.length = sizeof a.storage;
  CheckSys(::getsockname(fd, a.sa(), &a.length), "getsockname");
  return a;
}

namespace {

// The kernel's ephemeral range of this network namespace: [first, last].
std::pair<int, int> EphemeralRange() {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  int first = 32768, last = 60999;
  if (!(in >> first >> last)) return {32768, 60999};
  return {first, last};
}

bool Binds(int type, uint16_t port) {
  Fd fd(::socket(AF_INET, type | SOCK_CLOEXEC, 0));
  if (!fd) return false;
  Address any = Address::Parse("0.0.0.0", port);
  return ::bind(fd.get(), any.sa(), any.length) == 0;
}

uint16_t KernelPicks(int type) {
  Fd fd(CheckSys(::socket(AF_INET, type | SOCK_CLOEXEC, 0), "socket"));
  Address any = Address::Parse("0.0.0.0", 0);
  CheckSys(::bind(fd.get(), any.sa(), any.length), "bind");
  return LocalAddress(fd.get()).port();
}

}  // namespace

uint16_t PickFreePort(int type, std::optional<uint64_t> start) {
  // Ports the machine's own services seldom use, below the ephemeral range.
  constexpr int kLowest = 20000;
  constexpr int kEnough = 1024;
  auto [first, last] = EphemeralRange();
  int low = kLowest, high = first - 1;
  if (high - low + 1 < kEnough) {
    low = last + 1;
    high = 65535;
  }
  if (high - low + 1 < kEnough) return KernelPicks(type);
  uint64_t from = start ? *start : std::random_device{}();
  const int span = high - low + 1;
  for (int i = 0; i < 256; ++i) {
    auto port = static_cast<uint16_t>(low + static_cast<int>((from + i) % span));
    if (Binds(SOCK_STREAM, port) && Binds(SOCK_DGRAM, port)) return port;
  }
  return KernelPicks(type);
}

}  // namespace netgrade
