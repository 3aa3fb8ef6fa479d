// What a student should know about a case whatever its verdict: not a failure, but a habit
// that will hurt (a busy loop), or a port that was wrong and credited (`wrong_port: credit`).
// One sentence each, shown under the case.
#pragma once

#include <string>
#include <vector>

#include "harness/check/diagnosis.h"
#include "harness/check/kind_checks.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// Less CPU than this burnt while idle is not worth a note (a program's start-up is not a loop).
inline constexpr double kBusyNoteCpuMs = 100;

// `verdict`: the case's code (kNone: it passed). Every kind's notes, then those of `kind` (the
// lab kind's checks, kinds/kind.h's Kind::checks: KindChecks::notes), which the runner gives.
std::vector<std::string> Notes(const observe::Observation& obs, const KindChecks& kind,
                               Code verdict = Code::kNone);

}  // namespace netgrade::check
