#include "harness/kinds/icmp/router_path.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/rtnetlink.h>
#include <unistd.h>

#include <cstring>
#include <set>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/base/poll_until.h"
#include "harness/sandbox/links.h"

namespace netgrade::icmp {

using sandbox::NetNamespace;
namespace {

constexpr size_t kMostRouters = 8;

// A veth pair from the calling thread's namespace: `name` here, `peer_name` in `peer_ns`, the
// link's `number`-th. Each end gets an interface index of its own choosing (20 + 2 * number
// and the next): in new namespaces both ends would otherwise be index 2, and the kernel takes
// a veth whose peer has its own index for no link to another device: it brings its carrier up
// with its unhurried link events (up to a second later), and frames sent before that are lost.
void PathVeth(const char* name, const char* peer_name, const NetNamespace& peer_ns, int number) {
  sandbox::links::CreateVeth(name, peer_name, peer_ns.fd(), 20 + 2 * number);
}

// `address`/32 on `ifname`, which is brought up.
void PathAddress(const char* ifname, const std::string& address) {
  sandbox::links::AddAddress(ifname, address, 32);
}

// A route to `dst`/32 ("" for every address) of `type`: out of `ifname` (through `gateway`
// when given) for a unicast route, nowhere for an unreachable one.
void PathRoute(const std::string& dst, const char* ifname, const std::string& gateway = "",
               unsigned char type = RTN_UNICAST) {
  sandbox::links::AddRoute({.dst = dst, .ifname = ifname, .gateway = gateway, .type = type});
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
    if (!PollUntil([&] { return sandbox::links::OperationallyUp(ifname); }, std::chrono::seconds(5),
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
    PathVeth("ngwire", "ngs", *path->wire_, 0);
    PathAddress("ngwire", layout.student);
    PathRoute(hops[0], "ngwire");
    PathRoute("", "ngwire", hops[0]);
    path->student_mac_ = sandbox::links::HardwareAddress("ngwire");
  }
  {
    NetNamespace::Scope in(path->wire_.get());
    PathVeth("ngr", "ngin", *path->routers_[0], 1);
    sandbox::BringUp("ngs");
    sandbox::BringUp("ngr");
  }
  for (size_t i = 0; i < n; ++i) {
    NetNamespace::Scope in(path->routers_[i].get());
    MakeRouter();
    PathAddress("ngin", hops[i]);
    if (i == 0) {
      PathRoute(layout.student, "ngin");
      path->router_mac_ = sandbox::links::HardwareAddress("ngin");
    } else {
      PathRoute(hops[i - 1], "ngin");
      PathRoute(layout.student, "ngin", hops[i - 1]);
      // The routers before it too, as a real router's table has them (a probe from one).
      for (size_t j = 0; j + 1 < i; ++j) PathRoute(hops[j], "ngin", hops[i - 1]);
    }
    const bool last = i + 1 == n;
    if (last && layout.unreachable) {
      PathRoute(layout.destination, nullptr, "", RTN_UNREACHABLE);
      continue;
    }
    const std::string& next = last ? layout.destination : hops[i + 1];
    PathVeth("ngout", "ngin", last ? *path->destination_ : *path->routers_[i + 1],
             static_cast<int>(i) + 2);
    PathAddress("ngout", hops[i]);
    PathRoute(next, "ngout");
    if (!last || layout.any_destination) PathRoute("", "ngout", next);
  }
  if (path->destination_) {
    NetNamespace::Scope in(path->destination_.get());
    PathAddress("ngin", layout.destination);
    PathRoute(hops[n - 1], "ngin");
    if (!layout.any_destination) {
      PathRoute("", "ngin", hops[n - 1]);
    } else {
      // Every address is its own: a `local` route for all of them, in the main table, where
      // the /32 routes back to the student and the routers are longer and win (in the local
      // table, consulted first, it would take the replies to the student for its own too).
      PathRoute(layout.student, "ngin", hops[n - 1]);
      for (size_t j = 0; j + 1 < n; ++j) PathRoute(hops[j], "ngin", hops[n - 1]);
      sandbox::links::AddRoute(
          {.dst = "", .prefix = 0, .ifname = "lo", .type = RTN_LOCAL, .scope = RT_SCOPE_HOST});
    }
  }
  path->WaitUntilRunning();
  return path;
}

}  // namespace netgrade::icmp
