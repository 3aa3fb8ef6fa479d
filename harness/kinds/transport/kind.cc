// The transport kind (kinds/kind.h).
#include "harness/kinds/transport/kind.h"

#include "harness/check/crash_or_content.h"
#include "harness/kinds/own_wire_terms.h"
#include "harness/kinds/transport/codes.h"
#include "harness/kinds/transport/goodput.h"
#include "harness/kinds/transport/traffic.h"
#include "harness/kinds/transport/transport_case.h"
#include "harness/kinds/transport/words.h"

namespace netgrade::transport {
namespace {

// A goodput or a queueing delay is the machine's clock on the program's speed: another case
// beside it (the same program's, two cases at once on two CPUs) moved a right sender below its
// pass mark (congestion-control's JavaScript reference, long-path: 51% of the link where 60%
// is asked, at 4ae3499). Such a case runs alone.
bool MeasuresSpeed(const spec::Case& c) {
  if (!ExpectOf(c.expect)) return false;
  const spec::TransportExpect& x = *ExpectOf(c.expect);
  return x.goodput_at_least || !x.goodput_tiers.empty() || x.queue_delay_at_most_ms ||
         x.fairness_at_least || x.share_at_least || x.share_at_most;
}

}  // namespace

const kinds::Kind& Kind() {
  static const kinds::Kind kTransport{
      .name = "transport",
      .label = "transport",
      .protocol = spec::Protocol::kTransport,
      .raw_sockets = false,
      .socket_type = 0,
      .ip_protocol = 0,
      // The link is in netgrade's process, over the case's loopback: it runs wherever a UDP
      // lab does, but for a kernel TCP flow beside the program (two namespaces of TUN devices).
      .needs_own_network = [](const spec::Spec& spec, const spec::Case& c) -> std::string {
        if (!TransferOf(c) || !TransferOf(c)->beside_tcp) return "";
        return spec.exercise +
               " is a transport lab whose case runs a kernel TCP flow beside the program: that "
               "flow crosses the case's link between two network namespaces";
      },
      .checks = {.terms = kinds::OwnWireTerms(),
                 .files_first = false,
                 .before_traffic = nullptr,
                 .traffic = CheckTraffic,
                 .explain = check::CrashThen(kinds::OwnWireTerms(), nullptr),
                 .shown_in_full = nullptr,
                 .points = TierPoints,
                 .notes = nullptr},
      .codes = AllCodes(),
      .start_case = [] { return std::make_unique<TransportKindCase>(); },
      .explain_case = [](const spec::Spec&, const spec::Case& c) { return CaseWords(c); },
      .explain_role = RoleWords,
      .explain_expect = nullptr,  // its checks are told with its link (CaseWords)
      .runs_alone = MeasuresSpeed,
  };
  return kTransport;
}

}  // namespace netgrade::transport
