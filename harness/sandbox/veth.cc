#include "harness/sandbox/veth.h"

#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/sandbox/netns.h"
#include "harness/sandbox/rtnetlink.h"

namespace netgrade::sandbox {
namespace {

using rtnetlink::Request;
using rtnetlink::Talk;

void CreateVeth(const char* name, const char* peer_name, int peer_ns_fd) {
  Request req(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
  req.Put(ifinfomsg{});
  req.Attr(IFLA_IFNAME, std::string(name));
  size_t linkinfo = req.Begin(IFLA_LINKINFO);
  req.Attr(IFLA_INFO_KIND, std::string("veth"));
  size_t data = req.Begin(IFLA_INFO_DATA);
  size_t peer = req.Begin(VETH_INFO_PEER);
  req.Put(ifinfomsg{});
  req.Attr(IFLA_IFNAME, std::string(peer_name));
  req.Attr(IFLA_NET_NS_FD, &peer_ns_fd, sizeof peer_ns_fd);
  req.End(peer);
  req.End(data);
  req.End(linkinfo);
  Talk(req, "create veth pair");
}

void AddAddress(const char* ifname, const std::string& address) {
  unsigned index = ::if_nametoindex(ifname);
  if (index == 0) throw SystemError(std::string("if_nametoindex ") + ifname, errno);
  Request req(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
  ifaddrmsg ifa{};
  ifa.ifa_family = AF_INET;
  ifa.ifa_prefixlen = 24;
  ifa.ifa_index = index;
  req.Put(ifa);
  in_addr a{};
  ::inet_pton(AF_INET, address.c_str(), &a);
  req.Attr(IFA_LOCAL, &a, sizeof a);
  req.Attr(IFA_ADDRESS, &a, sizeof a);
  Talk(req, "add address");
  BringUp(ifname);
}

// The link-layer address of `ifname` in the calling thread's namespace: 6 bytes.
std::string HardwareAddress(const char* ifname) {
  Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  ifreq r{};
  std::strncpy(r.ifr_name, ifname, IFNAMSIZ - 1);
  if (!s || ::ioctl(s.get(), SIOCGIFHWADDR, &r) != 0)
    throw SystemError(std::string("SIOCGIFHWADDR ") + ifname, errno);
  return std::string(r.ifr_hwaddr.sa_data, 6);
}

// `address` is at `mac` beyond `ifname`, for good (NUD_PERMANENT): no ARP question is ever
// asked for it, so no datagram waits in the neighbour's queue for an answer, where the case's
// settle rules cannot see it (a receiver blocked in recvfrom() with its datagram still there
// was taken for one waiting for nothing).
void AddNeighbour(const char* ifname, const std::string& address, const std::string& mac) {
  unsigned index = ::if_nametoindex(ifname);
  if (index == 0) throw SystemError(std::string("if_nametoindex ") + ifname, errno);
  Request req(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE);
  ndmsg n{};
  n.ndm_family = AF_INET;
  n.ndm_ifindex = static_cast<int>(index);
  n.ndm_state = NUD_PERMANENT;
  req.Put(n);
  in_addr a{};
  ::inet_pton(AF_INET, address.c_str(), &a);
  req.Attr(NDA_DST, &a, sizeof a);
  req.Attr(NDA_LLADDR, mac.data(), mac.size());
  Talk(req, "add neighbour");
}

}  // namespace

TwoHosts JoinWithVeth(const NetNamespace& peer_ns, const NetNamespace& student_ns) {
  TwoHosts hosts;
  std::string peer_mac, student_mac;
  {
    NetNamespace::Scope in_peer(&peer_ns);
    CreateVeth("ngpeer", "ngstudent", student_ns.fd());
    AddAddress("ngpeer", hosts.peer_address);
    peer_mac = HardwareAddress("ngpeer");
  }
  {
    NetNamespace::Scope in_student(&student_ns);
    AddAddress("ngstudent", hosts.student_address);
    student_mac = HardwareAddress("ngstudent");
    AddNeighbour("ngstudent", hosts.peer_address, peer_mac);
  }
  {
    NetNamespace::Scope in_peer(&peer_ns);
    AddNeighbour("ngpeer", hosts.student_address, student_mac);
  }
  return hosts;
}

}  // namespace netgrade::sandbox
