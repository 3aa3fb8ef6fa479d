// "Two computers" on one machine: a veth pair joining two network namespaces, each end with
// its own address, spoken to through rtnetlink (no `ip` command needed).
#pragma once

#include <string>

namespace netgrade::sandbox {

class NetNamespace;

struct TwoHosts {
  std::string peer_address = "192.0.2.1";  // TEST-NET-1: never routed anywhere
  std::string student_address = "192.0.2.2";
};

// Creates the pair with one end in each namespace, addresses them (/24), brings both up, and
// tells each side the other's link-layer address for good: no ARP is ever needed between them.
// Throws SystemError when the kernel refuses.
TwoHosts JoinWithVeth(const NetNamespace& peer_ns, const NetNamespace& student_ns);

}  // namespace netgrade::sandbox
