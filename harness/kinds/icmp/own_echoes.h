// A pinger that pings its own host (127.0.0.1, or its own address): its requests never reach
// the case's wire, and its own kernel answers them at once. The kernel counts the echo
// requests it received per network namespace (Icmp InEchos in /proc/net/snmp): read in the
// student's host, where nothing else sends it one, that count is how many it sent itself.
// A request to its own host with a wrong checksum is dropped by its own kernel, unanswered:
// counted as Icmp InCsumErrors (netgrade's replies from the wire are always right).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/sandbox/netns.h"

namespace netgrade::icmp {

// The counter `name` of the "Icmp:" lines of a /proc/net/snmp text; nullopt when absent.
std::optional<uint64_t> IcmpCounter(const std::string& snmp, const std::string& name);

// What the kernel of `ns` did with ICMP messages sent to its own host; 0s when it cannot be
// read.
struct OwnHostIcmp {
  uint64_t echoes_answered = 0;  // Icmp InEchos
  uint64_t bad_checksums = 0;    // Icmp InCsumErrors: dropped, their checksum wrong
  bool any() const { return echoes_answered > 0 || bad_checksums > 0; }
};
OwnHostIcmp ReadOwnHostIcmp(const sandbox::NetNamespace& ns);

}  // namespace netgrade::icmp
