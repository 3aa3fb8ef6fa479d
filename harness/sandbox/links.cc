#include "harness/sandbox/links.h"

#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/neighbour.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/sandbox/netns.h"
#include "harness/sandbox/rtnetlink.h"

namespace netgrade::sandbox::links {
namespace {

using rtnetlink::InterfaceIndex;
using rtnetlink::Ipv4Address;
using rtnetlink::Request;
using rtnetlink::Talk;

// IF_OPER_UP of <linux/if.h>, which cannot be included beside <net/if.h>.
constexpr uint8_t kOperUp = 6;

}  // namespace

void CreateVeth(const char* name, const char* peer_name, int peer_ns_fd, int index) {
  Request req(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
  ifinfomsg own{};
  own.ifi_index = index;
  req.Put(own);
  req.Attr(IFLA_IFNAME, std::string(name));
  size_t linkinfo = req.Begin(IFLA_LINKINFO);
  req.Attr(IFLA_INFO_KIND, std::string("veth"));
  size_t data = req.Begin(IFLA_INFO_DATA);
  size_t peer = req.Begin(VETH_INFO_PEER);
  ifinfomsg other{};
  other.ifi_index = index == 0 ? 0 : index + 1;
  req.Put(other);
  req.Attr(IFLA_IFNAME, std::string(peer_name));
  req.Attr(IFLA_NET_NS_FD, &peer_ns_fd, sizeof peer_ns_fd);
  req.End(peer);
  req.End(data);
  req.End(linkinfo);
  Talk(req, "create a veth pair");
}

Fd CreateTun(const char* name) {
  Fd tun(::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (!tun) throw SystemError("open /dev/net/tun", errno);
  ifreq request{};
  std::strncpy(request.ifr_name, name, IFNAMSIZ - 1);
  request.ifr_flags = IFF_TUN | IFF_NO_PI;
  CheckSys(::ioctl(tun.get(), TUNSETIFF, &request), "TUNSETIFF (make a TUN device)");
  return tun;
}

void AddAddress(const char* ifname, const std::string& address, int prefix) {
  Request req(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
  ifaddrmsg ifa{};
  ifa.ifa_family = AF_INET;
  ifa.ifa_prefixlen = static_cast<unsigned char>(prefix);
  ifa.ifa_index = InterfaceIndex(ifname);
  req.Put(ifa);
  in_addr a = Ipv4Address(address);
  req.Attr(IFA_LOCAL, &a, sizeof a);
  req.Attr(IFA_ADDRESS, &a, sizeof a);
  Talk(req, "add an address");
  BringUp(ifname);
}

void AddRoute(const Route& route) {
  Request req(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
  rtmsg rt{};
  rt.rtm_family = AF_INET;
  rt.rtm_dst_len = static_cast<unsigned char>(route.dst.empty() ? 0 : route.prefix);
  rt.rtm_table = route.table;
  rt.rtm_protocol = RTPROT_BOOT;
  rt.rtm_scope = route.scope.value_or(
      route.type == RTN_UNICAST && route.gateway.empty() ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE);
  rt.rtm_type = route.type;
  req.Put(rt);
  if (!route.dst.empty()) {
    in_addr d = Ipv4Address(route.dst);
    req.Attr(RTA_DST, &d, sizeof d);
  }
  if (!route.gateway.empty()) {
    in_addr g = Ipv4Address(route.gateway);
    req.Attr(RTA_GATEWAY, &g, sizeof g);
  }
  if (route.ifname != nullptr) {
    uint32_t oif = InterfaceIndex(route.ifname);
    req.Attr(RTA_OIF, &oif, sizeof oif);
  }
  Talk(req, "add a route");
}

void AddNeighbour(const char* ifname, const std::string& address, const Mac& mac) {
  Request req(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE);
  ndmsg n{};
  n.ndm_family = AF_INET;
  n.ndm_ifindex = static_cast<int>(InterfaceIndex(ifname));
  n.ndm_state = NUD_PERMANENT;
  req.Put(n);
  in_addr a = Ipv4Address(address);
  req.Attr(NDA_DST, &a, sizeof a);
  req.Attr(NDA_LLADDR, mac.data(), mac.size());
  Talk(req, "add a neighbour");
}

Mac HardwareAddress(const char* ifname) {
  Fd s(CheckSys(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket"));
  ifreq r{};
  std::strncpy(r.ifr_name, ifname, IFNAMSIZ - 1);
  CheckSys(::ioctl(s.get(), SIOCGIFHWADDR, &r), (std::string("SIOCGIFHWADDR ") + ifname).c_str());
  Mac mac{};
  std::memcpy(mac.data(), r.ifr_hwaddr.sa_data, mac.size());
  return mac;
}

bool OperationallyUp(const char* ifname) {
  Fd fd(
      CheckSys(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE), "socket(AF_NETLINK)"));
  struct {
    nlmsghdr h;
    ifinfomsg i;
  } req{};
  req.h.nlmsg_len = sizeof req;
  req.h.nlmsg_type = RTM_GETLINK;
  req.h.nlmsg_flags = NLM_F_REQUEST;
  req.i.ifi_family = AF_UNSPEC;
  req.i.ifi_index = static_cast<int>(InterfaceIndex(ifname));
  CheckSys(::send(fd.get(), &req, sizeof req, 0), "RTM_GETLINK");
  alignas(nlmsghdr) char reply[8192];
  ssize_t n = CheckSys(::recv(fd.get(), reply, sizeof reply, 0), "RTM_GETLINK");
  auto* h = reinterpret_cast<nlmsghdr*>(reply);
  if (!NLMSG_OK(h, static_cast<unsigned>(n)) || h->nlmsg_type != RTM_NEWLINK) return false;
  auto* info = static_cast<ifinfomsg*>(NLMSG_DATA(h));
  int len = static_cast<int>(IFLA_PAYLOAD(h));
  for (auto* a = IFLA_RTA(info); RTA_OK(a, len); a = RTA_NEXT(a, len))
    if (a->rta_type == IFLA_OPERSTATE) return *static_cast<uint8_t*>(RTA_DATA(a)) == kOperUp;
  return false;
}

}  // namespace netgrade::sandbox::links
