// What a student should know about a case whatever its verdict: not a failure, but a habit
// that will hurt (a busy loop), or a port that was wrong and credited (`wrong_port: credit`).
// One sentence each, shown under the case.
#pragma once

#include <string>
#include <vector>

#include "harness/check/diagnosis.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// Less CPU than this burnt while idle is not worth a note (a program's start-up is not a loop).
inline constexpr double kBusyNoteCpuMs = 100;

// `verdict`: the case's code (kNone: it passed). A UDP server whose source draws random numbers
// and passed is flagged: it may leave answers out at random and have been lucky this run.
std::vector<std::string> Notes(const observe::Observation& obs, Code verdict = Code::kNone);

}  // namespace netgrade::check
