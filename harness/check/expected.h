// What a case expects of the program, derived from its spec: the answers to what the peer
// sent, what the program must print, what the reference server must receive.
#pragma once

#include <string>
#include <vector>

#include "harness/spec/spec.h"

namespace netgrade::check {

// What the program must print / the peer must receive / the peer must get as answers,
// derived from the case. Exposed for `explain` and the tests.
std::vector<std::string> ExpectedStdout(const spec::Case& c);
std::vector<std::string> ExpectedReceived(const spec::Case& c);
std::vector<std::string> ExpectedReplies(const spec::Case& c, const std::vector<std::string>& sent);

}  // namespace netgrade::check
