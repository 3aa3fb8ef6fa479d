// What the ICMP wire (kinds/icmp/wire.h) refused of a program none of whose echo requests
// passed: the thing to fix, for the pinger's and the traceroute's checks alike.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/check/finding.h"
#include "harness/kinds/icmp/wire_record.h"

namespace netgrade::icmp {

// Of the refused frames from the program, the most telling, in this order: echo requests with
// IP options, an ARP flood past the wire's cap (its kernel's own question for the router then
// refused: what kept its requests in), frames past the link's MTU, then the first
// refused IPv4 packet (another protocol, another ICMP type, another destination than
// `destination`). nullopt when nothing it sent was refused.
std::optional<check::Finding> WhyNothingPassed(const std::vector<icmp::WireRecord>& records,
                                               const std::string& destination);

// Whether the program has sent two echo requests to addresses off its path (a host written in
// it: 192.168.1.101) and none on it: its requests' diagnosis is WhyNothingPassed's whatever
// follows, so the case is settled then (a pinger pinging forever would run to its timeout).
bool PingsOnlyOffPath(const std::vector<icmp::WireRecord>& records);

// The options of an IPv4 header, named ("record route", "loose source route", ...).
std::string IpOptionNames(const std::string& ip);

}  // namespace netgrade::icmp
