#include "harness/sandbox/any_address.h"

#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include "harness/base/error.h"
#include "harness/sandbox/netns.h"
#include "harness/sandbox/rtnetlink.h"
#include "harness/sandbox/veth.h"

namespace netgrade::sandbox {
namespace {

using rtnetlink::InterfaceIndex;
using rtnetlink::Ipv4Address;

// A route to `dst`/`prefix` ("" with 0: every address) out of `ifname`, of `type` in `table`,
// through `gateway` when it is not empty.
void AddRoute(const std::string& dst, int prefix, const char* ifname, unsigned char type,
              unsigned char table, unsigned char scope, const std::string& gateway = "") {
  rtnetlink::Request req(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
  rtmsg rt{};
  rt.rtm_family = AF_INET;
  rt.rtm_dst_len = static_cast<unsigned char>(prefix);
  rt.rtm_table = table;
  rt.rtm_protocol = RTPROT_BOOT;
  rt.rtm_scope = scope;
  rt.rtm_type = type;
  req.Put(rt);
  if (prefix > 0) {
    in_addr d = Ipv4Address(dst);
    req.Attr(RTA_DST, &d, sizeof d);
  }
  if (!gateway.empty()) {
    in_addr g = Ipv4Address(gateway);
    req.Attr(RTA_GATEWAY, &g, sizeof g);
  }
  uint32_t oif = InterfaceIndex(ifname);
  req.Attr(RTA_OIF, &oif, sizeof oif);
  rtnetlink::Talk(req, "add route");
}

}  // namespace

void MakeEveryAddressLocal() { AddRoute("", 0, "lo", RTN_LOCAL, RT_TABLE_LOCAL, RT_SCOPE_HOST); }

void LeadEveryAddressToPeer(const NetNamespace& peer_ns, const NetNamespace& student_ns,
                            const TwoHosts& hosts) {
  {
    NetNamespace::Scope in_student(&student_ns);
    AddRoute("", 0, "ngstudent", RTN_UNICAST, RT_TABLE_MAIN, RT_SCOPE_UNIVERSE, hosts.peer_address);
  }
  NetNamespace::Scope in_peer(&peer_ns);
  // The local table is looked up first and the longest prefix wins there: the student's
  // /32 keeps the answers to it on the veth, everything else is the peer's own.
  AddRoute(hosts.student_address, 32, "ngpeer", RTN_UNICAST, RT_TABLE_LOCAL, RT_SCOPE_LINK);
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
