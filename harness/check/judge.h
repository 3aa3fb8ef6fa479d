// The verdict of one case: from what the grader observed to one diagnosis a beginner can act
// on. The order of the checks decides which explanation wins when several apply.
#pragma once

#include "harness/check/finding.h"
#include "harness/check/kind_checks.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// `kind`: the lab kind's checks (kinds/kind.h's Kind::checks), which the runner gives.
check::Finding Judge(const observe::Observation& obs, const KindChecks& kind);

}  // namespace netgrade::check
