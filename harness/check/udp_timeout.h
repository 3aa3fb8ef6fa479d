// A UDP client silent after a datagram was dropped (observe/udp_stall.h): why it never sent
// the line again, as far as the grader could see where it was blocked.
#pragma once

#include "harness/check/finding.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// no_udp_timeout when obs.stalled_after_drop: no timeout, or one longer than the exercise's
// 1 s; Ok otherwise.
Finding CheckStallAfterDrop(const observe::Observation& obs);

}  // namespace netgrade::check
