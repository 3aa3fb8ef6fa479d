#include "harness/sandbox/any_address.h"

#include <net/if.h>

#include "harness/sandbox/links.h"
#include "harness/sandbox/netns.h"
#include "harness/sandbox/veth.h"

namespace netgrade::sandbox {

void MakeEveryAddressLocal() {
  links::AddRoute({.dst = "",
                   .prefix = 0,
                   .ifname = "lo",
                   .type = RTN_LOCAL,
                   .table = RT_TABLE_LOCAL,
                   .scope = RT_SCOPE_HOST});
}

void LeadEveryAddressToPeer(const NetNamespace& peer_ns, const NetNamespace& student_ns,
                            const TwoHosts& hosts) {
  {
    NetNamespace::Scope in_student(&student_ns);
    links::AddRoute({.dst = "", .prefix = 0, .ifname = "ngstudent", .gateway = hosts.peer_address});
  }
  NetNamespace::Scope in_peer(&peer_ns);
  // The local table is looked up first and the longest prefix wins there: the student's
  // /32 keeps the answers to it on the veth, everything else is the peer's own.
  links::AddRoute({.dst = hosts.student_address, .ifname = "ngpeer", .table = RT_TABLE_LOCAL});
  MakeEveryAddressLocal();
}

std::string InterfaceNames() {
  std::string names;
  if (struct if_nameindex* all = ::if_nameindex()) {
    for (struct if_nameindex* i = all; i->if_index != 0; ++i)
      names += (names.empty() ? "" : " ") + std::string(i->if_name);
    ::if_freenameindex(all);
  }
  return names;
}

}  // namespace netgrade::sandbox
