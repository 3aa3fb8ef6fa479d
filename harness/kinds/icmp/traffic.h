// The ICMP kind's checks of the program's traffic, from its evidence (evidence.h): what
// check::Judge calls where a TCP or UDP case reads its reference peer (check/kind_checks.h).
#pragma once

#include "harness/check/finding.h"
#include "harness/observe/observation.h"

namespace netgrade::icmp {

// `expect: echo_requests` (echo_checks.h), then `expect: ttl_probes` (ttl_probes.h): the first
// that fails. Without evidence (no wire and no plan yet), nothing is judged here.
check::Finding CheckTraffic(const observe::Observation& obs);

}  // namespace netgrade::icmp
