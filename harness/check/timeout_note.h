// How a case that ended before its content came ended, as a note after the diagnosis: the
// program at rest in a blocking call, or the case's timeout.
#pragma once

#include <string>

#include "harness/observe/observation.h"

namespace netgrade::check {

// "(netgrade ended the case when client.py was blocked in recv() ...)", "(After 5.0 s the case
// ended: ...)", or "" when the case ended by itself: a note of a finding (Finding::notes).
std::string TimeoutNote(const observe::Observation& obs);

// How long the case gave the program: "5.0 s", or "12.3 s" when the deadline moved 7.3 s for
// the machine's load; and then LoadNote says so: "server.py had 7.3 s more than the case's
// 5.0 s, as this computer was too busy to run it." ("" when it did not move).
std::string TimeGiven(const observe::Observation& obs);
std::string LoadNote(const observe::Observation& obs);

}  // namespace netgrade::check
