// The pieces of a case's plan that need no running case: the program's command line and its
// standard input.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/plan/submission.h"
#include "harness/spec/spec.h"

namespace netgrade::plan {

// The program's argv, with "{host}" and "{port}" of the role's arguments filled in.
std::vector<std::string> Argv(const Program& program, const spec::Role& role,
                              const std::string& host, uint16_t port);
// The case's input lines, each with its newline.
std::string StdinData(const spec::Case& test);

}  // namespace netgrade::plan
