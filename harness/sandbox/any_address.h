// Every IPv4 address leads to the reference peer: a program that connects to a host written
// into it (a LAN address such as 192.168.0.123, a PC's name resolved by dns_answerer.h)
// reaches the peer inside the case's namespaces, and nothing leaves the machine (the
// namespaces hold no interface but loopback and the veth pair between them).
#pragma once

#include <string>

namespace netgrade::sandbox {

class NetNamespace;
struct TwoHosts;

// One host, in the calling thread's namespace: `local 0.0.0.0/0 dev lo` in the local table,
// so the kernel takes every address for its own and a socket bound to 0.0.0.0 receives what
// is sent to any of them (the reply's source is the address dialled, as a real host's).
void MakeEveryAddressLocal();

// Two hosts: in the student's namespace a default route via the peer's end of the veth; in
// the peer's every address is local but the student's, which stays on the veth. A socket of
// the peer bound to 0.0.0.0 receives what the student sends to any address.
void LeadEveryAddressToPeer(const NetNamespace& peer_ns, const NetNamespace& student_ns,
                            const TwoHosts& hosts);

// The names of the interfaces of the calling thread's namespace ("lo", "ngstudent").
std::string InterfaceNames();

}  // namespace netgrade::sandbox
