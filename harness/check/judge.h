// The verdict of one case: from what the grader observed to one diagnosis a beginner can act
// on. The order of the checks decides which explanation wins when several apply.
#pragma once

#include <string>
#include <vector>

#include "harness/check/finding.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

check::Finding Judge(const observe::Observation& obs);

// What the program must print / the peer must receive / the peer must get as answers,
// derived from the case. Exposed for `explain` and the tests.
std::vector<std::string> ExpectedStdout(const spec::Case& c);
std::vector<std::string> ExpectedReceived(const spec::Case& c);
std::vector<std::string> ExpectedReplies(const spec::Case& c, const std::vector<std::string>& sent);

}  // namespace netgrade::check
