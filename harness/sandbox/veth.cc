#include "harness/sandbox/veth.h"

#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "harness/base/error.h"
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

}  // namespace

TwoHosts JoinWithVeth(const NetNamespace& peer_ns, const NetNamespace& student_ns) {
  TwoHosts hosts;
  {
    NetNamespace::Scope in_peer(&peer_ns);
    CreateVeth("ngpeer", "ngstudent", student_ns.fd());
    AddAddress("ngpeer", hosts.peer_address);
  }
  {
    NetNamespace::Scope in_student(&student_ns);
    AddAddress("ngstudent", hosts.student_address);
  }
  return hosts;
}

}  // namespace netgrade::sandbox
