// The ICMP kind: everything of the ICMP labs (icmp-pinger, traceroute) from their path of
// routers to their words. See harness/README.md, "Adding a lab kind".
#pragma once

#include "harness/kinds/kind.h"

namespace netgrade::icmp {

const kinds::Kind& Kind();

}  // namespace netgrade::icmp
