#pragma once

#include <string>

#include "harness/spec/spec.h"

namespace netgrade::cli {

// Loads a spec named on the command line; throws UsageError carrying every
// "file:line:col: message" when it is broken.
spec::Spec LoadSpecOrThrow(const std::string& path);

// NETGRADE_TIMEOUT_MULTIPLIER (every case timeout is multiplied; 1 when unset); throws
// UsageError when it is not a number from 0 to 100.
double TimeoutMultiplierFromEnv();

}  // namespace netgrade::cli
