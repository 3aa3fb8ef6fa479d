// A pinger that pings its own host (127.0.0.1, or its own address): its requests never reach
// the case's wire, and its own kernel answers them at once. The kernel counts the echo
// requests it received per network namespace (Icmp InEchos in /proc/net/snmp): read in the
// student's host, where nothing else sends it one, that count is how many it sent itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/sandbox/netns.h"

namespace netgrade::icmp {

// The counter `name` of the "Icmp:" lines of a /proc/net/snmp text; nullopt when absent.
std::optional<uint64_t> IcmpCounter(const std::string& snmp, const std::string& name);

// The echo requests the kernel of `ns` has answered for itself (Icmp InEchos); 0 when it
// cannot be read.
uint64_t OwnEchoesAnswered(const sandbox::NetNamespace& ns);

}  // namespace netgrade::icmp
