#include <stdexcept>

#include "harness/kinds/icmp/kind.h"
#include "harness/kinds/kind.h"
#include "harness/kinds/sockets/kind.h"
#include "harness/kinds/transport/kind.h"

namespace netgrade::kinds {

const Kind& KindOf(spec::Protocol protocol) {
  // One line per kind.
  for (const Kind* k :
       {&sockets::TcpKind(), &sockets::UdpKind(), &icmp::Kind(), &transport::Kind()})
    if (k->protocol == protocol) return *k;
  throw std::logic_error("no lab kind for a spec's protocol");
}

bool RawSockets(const spec::Spec& spec) { return KindOf(spec.protocol).raw_sockets; }

bool RunsAlone(const spec::Spec& spec, const spec::Case& test) {
  const Kind& kind = KindOf(spec.protocol);
  return kind.runs_alone && kind.runs_alone(test);
}

}  // namespace netgrade::kinds
