#pragma once

#include <string>

#include "harness/spec/spec.h"

namespace netgrade::cli {

// Loads a spec named on the command line; throws UsageError carrying every
// "file:line:col: message" when it is broken.
spec::Spec LoadSpecOrThrow(const std::string& path);

}  // namespace netgrade::cli
