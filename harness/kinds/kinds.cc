#include "harness/kinds/icmp/kind.h"
#include "harness/kinds/kind.h"
#include "harness/kinds/transport/kind.h"

namespace netgrade::kinds {

const Kind* KindOf(spec::Protocol protocol) {
  // One line per kind of its own.
  for (const Kind* k : {&icmp::Kind(), &transport::Kind()})
    if (k->protocol == protocol) return k;
  return nullptr;
}

bool RawSockets(const spec::Spec& spec) {
  const Kind* kind = KindOf(spec.protocol);
  return kind && kind->raw_sockets;
}

bool RunsAlone(const spec::Spec& spec, const spec::Case& test) {
  const Kind* kind = KindOf(spec.protocol);
  return kind && kind->runs_alone && kind->runs_alone(test);
}

}  // namespace netgrade::kinds
