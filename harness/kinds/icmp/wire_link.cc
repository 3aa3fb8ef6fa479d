#include "harness/kinds/icmp/wire_link.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>

#include "harness/base/arrival.h"
#include "harness/base/error.h"

namespace netgrade::icmp::wire_link {

Fd OpenSide(const char* ifname, int receive_buffer) {
  // Protocol 0 until bound: no frame of another interface is queued in between.
  Fd fd(CheckSys(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0),
                 "socket(AF_PACKET) on the wire"));
  int one = 1;
  CheckSys(::setsockopt(fd.get(), SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one),
           "PACKET_IGNORE_OUTGOING");
  // The kernel's time of arrival with each frame: when the grader reads it may be later.
  StampArrivals(fd.get());
  // A queue of a fixed size, not the machine's rmem_default: SO_RCVBUFFORCE needs CAP_NET_ADMIN
  // of the machine; without it SO_RCVBUF is capped at rmem_max (the default's 212992 or more).
  if (::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUFFORCE, &receive_buffer, sizeof receive_buffer))
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  sockaddr_ll at{};
  at.sll_family = AF_PACKET;
  at.sll_protocol = htons(ETH_P_ALL);
  at.sll_ifindex = static_cast<int>(::if_nametoindex(ifname));
  if (at.sll_ifindex == 0) throw SystemError(std::string("if_nametoindex ") + ifname, errno);
  CheckSys(::bind(fd.get(), reinterpret_cast<sockaddr*>(&at), sizeof at), "bind the wire");
  // Frames the kernel dropped before the bind are none of the case's.
  DroppedSinceLastAsked(fd.get());
  return fd;
}

size_t Mtu(const char* ifname) {
  Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
  if (!s || ::ioctl(s.get(), SIOCGIFMTU, &ifr) != 0 || ifr.ifr_mtu <= 0) return 1500;
  return static_cast<size_t>(ifr.ifr_mtu);
}

size_t DroppedSinceLastAsked(int fd) {
  tpacket_stats stats{};
  socklen_t len = sizeof stats;
  if (::getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &stats, &len) != 0) return 0;
  return stats.tp_drops;
}

}  // namespace netgrade::icmp::wire_link
