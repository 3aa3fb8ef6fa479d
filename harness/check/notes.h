// What a student should know about a case whatever its verdict: not a failure, but a habit
// that will hurt (a busy loop), or a port that was wrong and credited (`wrong_port: credit`).
// One sentence each, shown under the case.
#pragma once

#include <string>
#include <vector>

#include "harness/observe/observation.h"

namespace netgrade::check {

// Less CPU than this burnt while idle is not worth a note (a program's start-up is not a loop).
inline constexpr double kBusyNoteCpuMs = 100;

std::vector<std::string> Notes(const observe::Observation& obs);

}  // namespace netgrade::check
