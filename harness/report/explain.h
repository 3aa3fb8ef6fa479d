#pragma once

#include <string>

#include "harness/spec/spec.h"

namespace netgrade::report {

// For a person: what each case of the spec does and what it expects.
std::string Explain(const spec::Spec& spec);

}  // namespace netgrade::report
