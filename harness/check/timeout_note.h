// How a case that ended before its content came ended, as a note after the diagnosis: the
// program at rest in a blocking call, or the case's timeout.
#pragma once

#include <string>

#include "harness/observe/observation.h"

namespace netgrade::check {

// " (netgrade ended the case when client.py was blocked in recv() ...)", " (After 5.0 s the
// case ended: ...)", or "" when the case ended by itself.
std::string TimeoutNote(const observe::Observation& obs);

}  // namespace netgrade::check
