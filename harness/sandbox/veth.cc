#include "harness/sandbox/veth.h"

#include "harness/sandbox/links.h"
#include "harness/sandbox/netns.h"

namespace netgrade::sandbox {

// Each side knows the other's link-layer address for good (links::AddNeighbour): no ARP
// question is ever asked, so no datagram waits in the neighbour's queue for an answer, where
// the case's settle rules cannot see it (a receiver blocked in recvfrom() with its datagram
// still there was taken for one waiting for nothing).
TwoHosts JoinWithVeth(const NetNamespace& peer_ns, const NetNamespace& student_ns) {
  TwoHosts hosts;
  links::Mac peer_mac, student_mac;
  {
    NetNamespace::Scope in_peer(&peer_ns);
    links::CreateVeth("ngpeer", "ngstudent", student_ns.fd());
    links::AddAddress("ngpeer", hosts.peer_address, 24);
    peer_mac = links::HardwareAddress("ngpeer");
  }
  {
    NetNamespace::Scope in_student(&student_ns);
    links::AddAddress("ngstudent", hosts.student_address, 24);
    student_mac = links::HardwareAddress("ngstudent");
    links::AddNeighbour("ngstudent", hosts.peer_address, peer_mac);
  }
  {
    NetNamespace::Scope in_peer(&peer_ns);
    links::AddNeighbour("ngpeer", hosts.student_address, student_mac);
  }
  return hosts;
}

}  // namespace netgrade::sandbox
