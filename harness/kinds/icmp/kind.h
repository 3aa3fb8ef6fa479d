// The ICMP kind: everything of the ICMP labs (icmp-pinger, traceroute) from their path of
// routers to their words. See kinds/README.md.
#pragma once

#include "harness/kinds/kind.h"

namespace netgrade::icmp {

const kinds::Kind& Kind();

}  // namespace netgrade::icmp
