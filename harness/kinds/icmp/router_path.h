// A small internet for one case of an ICMP lab: the student's host, a path of 1 to 8 routers
// and the destination, each a network namespace of its own, joined by veth pairs, the routers
// forwarding with the kernel's own ICMP (time exceeded when a TTL runs out, destination
// unreachable for a route of type `unreachable`), as a real router answers. Between the
// student's host and the first router is the wire: a namespace holding the two ends of the
// link, with no address and no forwarding of its own; the grader reads every frame there
// (kinds/icmp/wire.h) and passes it on or not, so that losses, delays, duplicates and silent
// routers come from the grader's seeded plan (kernel netem does not exist everywhere) and
// every ICMP message the program sends or gets is seen.
//
//   student [ngwire] -- [ngs] wire [ngr] -- [ngin] R1 [ngout] -- [ngin] R2 ... -- [ngin] host
//
// Addresses are /32 with a route to the neighbour on its link: a hop's address is that of its
// `ngin`, which the kernel puts in the ICMP errors it sends (icmp_errors_use_inbound_ifaddr).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/sandbox/netns.h"

namespace netgrade::icmp {

using sandbox::NetNamespace;

struct PathLayout {
  std::string student = "10.0.0.2";
  std::vector<std::string> routers = {"10.0.1.1"};  // 1 to 8 hops, in order from the student
  std::string destination = "192.0.2.7";
  // The last router has an `unreachable` route to the destination (it answers ICMP type 3
  // code 1) and there is no destination host.
  bool unreachable = false;
  // The destination answers every address routed to it (a `local 0.0.0.0/0` route), and the
  // last router routes every address there: a program that pings a host of its own (8.8.8.8)
  // is answered as if it had pinged the destination. Nothing leaves the case's namespaces.
  bool any_destination = false;
};

using Mac = std::array<uint8_t, 6>;

class RouterPath {
 public:
  // The namespaces, links, addresses, routes and sysctls of `layout`. nullptr and *why when
  // the machine cannot make network namespaces; throws SystemError when the kernel refuses a
  // step (the grader's failure, never the student's).
  static std::unique_ptr<RouterPath> Create(const PathLayout& layout, std::string* why);

  const PathLayout& layout() const { return layout_; }
  // Where the student's program runs: its ping sockets are open to every group
  // (ping_group_range), unlike a new namespace's "1 0".
  const NetNamespace& student() const { return *student_; }
  // The wire's namespace: interfaces "ngs" (towards the student) and "ngr" (towards the first
  // router), up, no address; open packet sockets on them there (kinds/icmp/wire.h).
  const NetNamespace& wire() const { return *wire_; }
  const NetNamespace& router(size_t i) const { return *routers_[i]; }
  // The Ethernet addresses of the student's interface and of the first router's, for frames
  // the wire makes itself.
  const Mac& student_mac() const { return student_mac_; }
  const Mac& router_mac() const { return router_mac_; }

 private:
  RouterPath() = default;
  // Returns once every link of the path carries frames: the first frame a program sends is
  // not lost to a carrier still coming up. Throws SystemError past a bound.
  void WaitUntilRunning() const;
  PathLayout layout_;
  std::unique_ptr<NetNamespace> student_, wire_, destination_;
  std::vector<std::unique_ptr<NetNamespace>> routers_;
  Mac student_mac_{}, router_mac_{};
};

// Why a layout cannot be built: "" when it can (1 to 8 routers, every address a dotted IPv4
// address, no two the same).
std::string CheckLayout(const PathLayout& layout);

}  // namespace netgrade::icmp
