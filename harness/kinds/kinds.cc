#include <array>
#include <stdexcept>

#include "harness/kinds/icmp/kind.h"
#include "harness/kinds/kind.h"
#include "harness/kinds/sockets/kind.h"
#include "harness/kinds/transport/kind.h"

namespace netgrade::kinds {

namespace {

const std::array<const Kind*, 4>& Kinds() {
  // One line per kind.
  static const std::array<const Kind*, 4> kinds = {&sockets::TcpKind(), &sockets::UdpKind(),
                                                   &icmp::Kind(), &transport::Kind()};
  return kinds;
}

}  // namespace

const Kind& KindOf(spec::Protocol protocol) {
  for (const Kind* k : Kinds())
    if (k->protocol == protocol) return *k;
  throw std::logic_error("no lab kind for a spec's protocol");
}

std::vector<check::Code> AllCodes() {
  std::vector<check::Code> all(check::SharedCodes().begin(), check::SharedCodes().end());
  for (const Kind* k : Kinds()) all.insert(all.end(), k->codes.begin(), k->codes.end());
  return all;
}

std::optional<check::Code> CodeFromName(std::string_view name) {
  for (check::Code code : AllCodes())
    if (code.name() == name) return code;
  return std::nullopt;
}

bool RawSockets(const spec::Spec& spec) { return KindOf(spec.protocol).raw_sockets; }

bool RunsAlone(const spec::Spec& spec, const spec::Case& test) {
  const Kind& kind = KindOf(spec.protocol);
  return kind.runs_alone && kind.runs_alone(test);
}

}  // namespace netgrade::kinds
