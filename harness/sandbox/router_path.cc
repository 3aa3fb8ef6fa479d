#include "harness/sandbox/router_path.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <set>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/base/poll_until.h"
#include "harness/sandbox/rtnetlink.h"

namespace netgrade::sandbox {
namespace {

using rtnetlink::InterfaceIndex;
using rtnetlink::Ipv4Address;
using rtnetlink::Request;
using rtnetlink::Talk;

constexpr size_t kMostRouters = 8;
// IF_OPER_UP of <linux/if.h>, which cannot be included beside <net/if.h>.
constexpr uint8_t kOperUp = 6;

// A veth pair from the calling thread's namespace: `name` here, `peer_name` in `peer_ns`, the
// link's `number`-th. Each end gets an interface index of its own choosing (20 + 2 * number
// and the next): in new namespaces both ends would otherwise be index 2, and the kernel takes
// a veth whose peer has its own index for no link to another device: it brings its carrier up
// with its unhurried link events (up to a second later), and frames sent before that are lost.
void CreateVeth(const char* name, const char* peer_name, const NetNamespace& peer_ns, int number) {
  int peer_fd = peer_ns.fd();
  Request req(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
  ifinfomsg own{};
  own.ifi_index = 20 + 2 * number;
  req.Put(own);
  req.Attr(IFLA_IFNAME, std::string(name));
  size_t linkinfo = req.Begin(IFLA_LINKINFO);
  req.Attr(IFLA_INFO_KIND, std::string("veth"));
  size_t data = req.Begin(IFLA_INFO_DATA);
  size_t peer = req.Begin(VETH_INFO_PEER);
  ifinfomsg other{};
  other.ifi_index = 21 + 2 * number;
  req.Put(other);
  req.Attr(IFLA_IFNAME, std::string(peer_name));
  req.Attr(IFLA_NET_NS_FD, &peer_fd, sizeof peer_fd);
  req.End(peer);
  req.End(data);
  req.End(linkinfo);
  Talk(req, "create a veth pair of the router path");
}

// `address`/32 on `ifname`, which is brought up.
void AddAddress(const char* ifname, const std::string& address) {
  Request req(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
  ifaddrmsg ifa{};
  ifa.ifa_family = AF_INET;
  ifa.ifa_prefixlen = 32;
  ifa.ifa_index = InterfaceIndex(ifname);
  req.Put(ifa);
  in_addr a = Ipv4Address(address);
  req.Attr(IFA_LOCAL, &a, sizeof a);
  req.Attr(IFA_ADDRESS, &a, sizeof a);
  Talk(req, "add an address of the router path");
  BringUp(ifname);
}

// A route to `dst`/32 ("" for every address) of `type`: out of `ifname` (through `gateway`
// when given) for a unicast route, nowhere for an unreachable one.
void AddRoute(const std::string& dst, const char* ifname, const std::string& gateway = "",
              unsigned char type = RTN_UNICAST) {
  Request req(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
  rtmsg rt{};
  rt.rtm_family = AF_INET;
  rt.rtm_dst_len = dst.empty() ? 0 : 32;
  rt.rtm_table = RT_TABLE_MAIN;
  rt.rtm_protocol = RTPROT_BOOT;
  rt.rtm_scope = type != RTN_UNICAST ? RT_SCOPE_UNIVERSE
                 : gateway.empty()   ? RT_SCOPE_LINK
                                     : RT_SCOPE_UNIVERSE;
  rt.rtm_type = type;
  req.Put(rt);
  if (!dst.empty()) {
    in_addr d = Ipv4Address(dst);
    req.Attr(RTA_DST, &d, sizeof d);
  }
  if (!gateway.empty()) {
    in_addr g = Ipv4Address(gateway);
    req.Attr(RTA_GATEWAY, &g, sizeof g);
  }
  if (ifname != nullptr) {
    uint32_t oif = InterfaceIndex(ifname);
    req.Attr(RTA_OIF, &oif, sizeof oif);
  }
  Talk(req, "add a route of the router path");
}

// A sysctl of the calling thread's namespace. `required`: a failure throws (a router that does
// not forward is no router); else it is best effort (IPv6 switched off to keep the wire quiet)
// and says whether it was set.
bool Sysctl(const char* path, const char* value, bool required) {
  Fd fd(::open(path, O_WRONLY | O_CLOEXEC));
  size_t n = std::strlen(value);
  if (fd && ::write(fd.get(), value, n) == static_cast<ssize_t>(n)) return true;
  if (required) throw SystemError(std::string("write ") + path, errno);
  return false;
}

// Every namespace of the path: no IPv6 (no router solicitations or neighbour discovery on the
// wire), no reverse-path filter, ICMP errors as often as they are due.
//
// No ICMP type is rate limited (icmp_ratemask 0), which skips both of icmp_send()'s limiters:
// the namespace's (icmp_msgs_per_sec) and the one per destination. Not icmp_ratelimit 0: that
// limiter shares its tokens with the one a route's error (an unreachable destination, ip_error)
// spends first, and with a timeout of 0 it empties them whenever a clock tick falls between the
// two, so under load every second "unreachable" went missing. ip_error's own limiter (5 at
// once, then one a second, a global sysctl) still holds.
void Quiet() {
  Sysctl("/proc/sys/net/ipv6/conf/all/disable_ipv6", "1", false);
  Sysctl("/proc/sys/net/ipv6/conf/default/disable_ipv6", "1", false);
  Sysctl("/proc/sys/net/ipv4/conf/all/rp_filter", "0", false);
  Sysctl("/proc/sys/net/ipv4/conf/default/rp_filter", "0", false);
  Sysctl("/proc/sys/net/ipv4/icmp_ratemask", "0", true);
}

void MakeRouter() {
  Sysctl("/proc/sys/net/ipv4/ip_forward", "1", true);
  Sysctl("/proc/sys/net/ipv4/icmp_errors_use_inbound_ifaddr", "1", true);
}

// Whether `ifname` of the calling thread's namespace carries frames: its operational state is
// up (IF_OPER_UP). Not IFF_RUNNING, which a new device has before the kernel's link events
// have given it a queue: until then what it sends is dropped (an ARP request lost costs the
// first packet a second).
bool Running(const char* ifname) {
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

Mac MacOf(const char* ifname) {
  Fd s(CheckSys(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket"));
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
  CheckSys(::ioctl(s.get(), SIOCGIFHWADDR, &ifr), "SIOCGIFHWADDR");
  Mac mac{};
  std::memcpy(mac.data(), ifr.ifr_hwaddr.sa_data, mac.size());
  return mac;
}

std::unique_ptr<NetNamespace> Make(std::string* why) {
  std::unique_ptr<NetNamespace> ns = NetNamespace::Create(why);
  if (ns) {
    NetNamespace::Scope in(ns.get());
    Quiet();
  }
  return ns;
}

}  // namespace

void RouterPath::WaitUntilRunning() const {
  std::vector<std::pair<const NetNamespace*, const char*>> links = {
      {student_.get(), "ngwire"}, {wire_.get(), "ngs"}, {wire_.get(), "ngr"}};
  for (size_t i = 0; i < routers_.size(); ++i) {
    links.emplace_back(routers_[i].get(), "ngin");
    if (i + 1 < routers_.size() || destination_) links.emplace_back(routers_[i].get(), "ngout");
  }
  if (destination_) links.emplace_back(destination_.get(), "ngin");
  for (const auto& [ns, ifname] : links) {
    NetNamespace::Scope in(ns);
    // The kernel says when a carrier is up by no event a thread can wait on here: looked at
    // every millisecond, bounded.
    if (!PollUntil([&] { return Running(ifname); }, std::chrono::seconds(5),
                   std::chrono::milliseconds(1)))
      throw SystemError(std::string("the link ") + ifname + " of the router path did not come up",
                        ETIMEDOUT);
  }
}

std::string CheckLayout(const PathLayout& layout) {
  if (layout.routers.empty() || layout.routers.size() > kMostRouters)
    return "a path has 1 to 8 routers, not " + std::to_string(layout.routers.size());
  std::set<std::string> seen;
  std::vector<std::string> all = layout.routers;
  all.push_back(layout.student);
  all.push_back(layout.destination);
  for (const std::string& a : all) {
    in_addr parsed{};
    if (::inet_pton(AF_INET, a.c_str(), &parsed) != 1) return "'" + a + "' is no IPv4 address";
    uint32_t host = ntohl(parsed.s_addr);
    if (host == 0 || (host >> 24) == 127 || (host >> 28) >= 14)
      return "'" + a + "' cannot be a host's address (0, loopback, multicast or reserved)";
    if (!seen.insert(a).second) return "the address " + a + " is given twice";
  }
  return "";
}

std::unique_ptr<RouterPath> RouterPath::Create(const PathLayout& layout, std::string* why) {
  if (std::string bad = CheckLayout(layout); !bad.empty()) throw UsageError(bad);
  std::unique_ptr<RouterPath> path(new RouterPath);
  path->layout_ = layout;
  const std::vector<std::string>& hops = layout.routers;
  const size_t n = hops.size();
  if (!(path->student_ = Make(why)) || !(path->wire_ = Make(why))) return nullptr;
  for (size_t i = 0; i < n; ++i) {
    path->routers_.push_back(Make(why));
    if (!path->routers_.back()) return nullptr;
  }
  if (!layout.unreachable && !(path->destination_ = Make(why))) return nullptr;

  {
    NetNamespace::Scope in(path->student_.get());
    // Every group may open a ping socket here (a new namespace's range is "1 0": none). In a
    // user namespace of the grader's own only its group is mapped, and the range may hold
    // only mapped groups: then that one, which is the program's.
    if (!Sysctl("/proc/sys/net/ipv4/ping_group_range", "0 2147483647", false)) {
      std::string own = std::to_string(::getegid());
      Sysctl("/proc/sys/net/ipv4/ping_group_range", (own + " " + own).c_str(), true);
    }
    CreateVeth("ngwire", "ngs", *path->wire_, 0);
    AddAddress("ngwire", layout.student);
    AddRoute(hops[0], "ngwire");
    AddRoute("", "ngwire", hops[0]);
    path->student_mac_ = MacOf("ngwire");
  }
  {
    NetNamespace::Scope in(path->wire_.get());
    CreateVeth("ngr", "ngin", *path->routers_[0], 1);
    BringUp("ngs");
    BringUp("ngr");
  }
  for (size_t i = 0; i < n; ++i) {
    NetNamespace::Scope in(path->routers_[i].get());
    MakeRouter();
    AddAddress("ngin", hops[i]);
    if (i == 0) {
      AddRoute(layout.student, "ngin");
      path->router_mac_ = MacOf("ngin");
    } else {
      AddRoute(hops[i - 1], "ngin");
      AddRoute(layout.student, "ngin", hops[i - 1]);
      // The routers before it too, as a real router's table has them (a probe from one).
      for (size_t j = 0; j + 1 < i; ++j) AddRoute(hops[j], "ngin", hops[i - 1]);
    }
    const bool last = i + 1 == n;
    if (last && layout.unreachable) {
      AddRoute(layout.destination, nullptr, "", RTN_UNREACHABLE);
      continue;
    }
    const std::string& next = last ? layout.destination : hops[i + 1];
    CreateVeth("ngout", "ngin", last ? *path->destination_ : *path->routers_[i + 1],
               static_cast<int>(i) + 2);
    AddAddress("ngout", hops[i]);
    AddRoute(next, "ngout");
    if (!last) AddRoute("", "ngout", next);
  }
  if (path->destination_) {
    NetNamespace::Scope in(path->destination_.get());
    AddAddress("ngin", layout.destination);
    AddRoute(hops[n - 1], "ngin");
    AddRoute("", "ngin", hops[n - 1]);
  }
  path->WaitUntilRunning();
  return path;
}

}  // namespace netgrade::sandbox
