// The verdict of one case: from what the grader observed to one diagnosis a beginner can act
// on. The order of the checks decides which explanation wins when several apply.
#pragma once

#include "harness/check/finding.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

check::Finding Judge(const observe::Observation& obs);

}  // namespace netgrade::check
