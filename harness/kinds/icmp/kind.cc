// The ICMP kind (kinds/kind.h): pingers and traceroutes over a path of routers.
#include "harness/kinds/icmp/kind.h"

#include "harness/kinds/icmp/icmp_case.h"
#include "harness/kinds/icmp/line_format.h"
#include "harness/kinds/icmp/traffic.h"
#include "harness/kinds/icmp/words.h"

namespace netgrade::icmp {

const kinds::Kind& Kind() {
  static const kinds::Kind kIcmp{
      .name = "icmp",
      .label = "ICMP",
      .protocol = spec::Protocol::kIcmp,
      .raw_sockets = true,
      .needs_own_network =
          [](const spec::Case&) {
            return "an ICMP lab: its programs need a network of routers netgrade makes from "
                   "network namespaces";
          },
      .checks = {.traffic = CheckTraffic, .explain = ExplainOwnLineFormat, .points = nullptr},
      .start_case = [] { return std::make_unique<IcmpKindCase>(); },
      .explain_case = CaseWords,
      .explain_role = RoleWords,
      .explain_expect = ExpectWords,
      // Its round trips are judged against the wire's own times, with room for a busy
      // machine (echo_checks.h): its cases run beside others.
      .runs_alone = nullptr,
  };
  return kIcmp;
}

}  // namespace netgrade::icmp
