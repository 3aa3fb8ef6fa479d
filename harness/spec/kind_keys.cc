#include "harness/spec/kind_keys.h"

#include "harness/kinds/icmp/spec_keys.h"
#include "harness/kinds/transport/spec_keys.h"

namespace netgrade::spec {

const std::vector<const KindKeys*>& AllKindKeys() {
  // One line per kind with keys of its own.
  static const std::vector<const KindKeys*> all = {&IcmpKindKeys(), &TransportKindKeys()};
  return all;
}

}  // namespace netgrade::spec
