// The ICMP kind (kinds/kind.h): pingers and traceroutes over a path of routers.
#include "harness/kinds/icmp/kind.h"

#include "harness/check/crash_or_content.h"
#include "harness/kinds/icmp/codes.h"
#include "harness/kinds/icmp/icmp_case.h"
#include "harness/kinds/icmp/line_format.h"
#include "harness/kinds/icmp/traffic.h"
#include "harness/kinds/icmp/words.h"
#include "harness/kinds/own_wire_terms.h"

namespace netgrade::icmp {

const kinds::Kind& Kind() {
  static const kinds::Kind kIcmp{
      .name = "icmp",
      .label = "ICMP",
      .protocol = spec::Protocol::kIcmp,
      .raw_sockets = true,
      .socket_type = 0,
      .ip_protocol = 0,
      .needs_own_network =
          [](const spec::Spec& spec, const spec::Case&) {
            return spec.exercise +
                   " is an ICMP lab: its programs need a network of routers netgrade makes "
                   "from network namespaces";
          },
      .checks = {.terms = kinds::OwnWireTerms(),
                 .files_first = false,
                 .before_traffic = nullptr,
                 .traffic = CheckTraffic,
                 .explain = check::CrashThen(kinds::OwnWireTerms(), ExplainOwnLineFormat),
                 .shown_in_full = nullptr,
                 .points = nullptr,
                 .notes = nullptr},
      .codes = AllCodes(),
      .start_case = [] { return std::make_unique<IcmpKindCase>(); },
      .explain_case = [](const spec::Spec&, const spec::Case& c) { return CaseWords(c); },
      .explain_role = RoleWords,
      .explain_expect = ExpectWords,
      // Its round trips are judged against the wire's own times, with room for a busy
      // machine (echo_checks.h): its cases run beside others.
      .runs_alone = nullptr,
  };
  return kIcmp;
}

}  // namespace netgrade::icmp
