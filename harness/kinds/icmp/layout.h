// An ICMP case's path as the run makes it (kinds/icmp/icmp_case.cc): the addresses of `path:` given
// or drawn from the case's seed, its faults as the wire's plan takes them, and the words the report
// shows for the path and for each packet. Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/kinds/icmp/fault_plan.h"
#include "harness/kinds/icmp/packet.h"
#include "harness/kinds/icmp/router_path.h"
#include "harness/kinds/icmp/spec_parts.h"
#include "harness/kinds/icmp/wire.h"
#include "harness/spec/spec.h"

namespace netgrade::icmp {

// The student is 10.0.0.2; router k (1-based), unless given, 10.k.X.1 with X drawn; the
// destination, unless given, an address of TEST-NET-3 (203.0.113.0/24) drawn. The same for a
// seed on every run.
icmp::PathLayout IcmpLayout(const spec::IcmpPath& path, uint64_t seed);
icmp::IcmpFaults IcmpFaultsOf(const spec::IcmpPath& path);
// The routers' addresses as numbers, in order.
std::vector<uint32_t> HopNumbers(const icmp::PathLayout& layout);

// "2 routers (10.1.7.1, 10.2.201.1) to 203.0.113.9; router 2 silent; answers delayed 20-40 ms;
// the answer to request 3 lost"
std::string DescribeIcmpPath(const spec::IcmpPath& path, const icmp::PathLayout& layout,
                             const icmp::IcmpPlan& plan);
// "echo request 10.0.0.2 > 203.0.113.9 id 0x1234 seq 1 ttl 64", "time exceeded 10.1.7.1 >
// 10.0.0.2 about id 0x1234 seq 3", ...: the identifier and sequence number in network byte
// order, as the program wrote them and ping prints them.
std::string DescribePacket(const icmp::Packet& p);
// DescribePacket's words for an IPv4 record (with its size when the record kept its headers
// alone); "ARP who-has 10.0.1.1 tell 10.0.0.2" for ARP; the link type of another frame.
std::string DescribeRecord(const icmp::WireRecord& r);
// A record as the report's diagram labels an arrow, in the 28 characters it shows: what a
// student looks for first ("request seq 1 ttl 64", "exceeded at 10.1.1.1 seq 1", "reply seq 1
// ttl 62"), the sequence number read in network byte order, as ping prints it; DescribeRecord's
// words for anything else.
std::string DiagramLabel(const icmp::WireRecord& r);
// "passed", "dropped", "refused: <why>", "made by the grader (another ping)", "held back (late)",
// "passed twice".
std::string WireFate(const icmp::WireRecord& r);

}  // namespace netgrade::icmp
