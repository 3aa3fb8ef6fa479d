// The transport kind (kinds/kind.h).
#include "harness/kinds/transport/kind.h"

#include "harness/kinds/transport/traffic.h"
#include "harness/kinds/transport/transport_case.h"
#include "harness/kinds/transport/words.h"

namespace netgrade::transport {

const kinds::Kind& Kind() {
  static const kinds::Kind kTransport{
      .name = "transport",
      .label = "transport",
      .protocol = spec::Protocol::kTransport,
      .raw_sockets = false,
      // The link is in netgrade's process, over the case's loopback: it runs wherever a UDP
      // lab does.
      .needs_own_network = "",
      .checks = {.traffic = CheckTraffic, .explain = nullptr, .points = TierPoints},
      .start_case = [] { return std::make_unique<TransportKindCase>(); },
      .explain_case = CaseWords,
      .explain_role = RoleWords,
  };
  return kTransport;
}

}  // namespace netgrade::transport
