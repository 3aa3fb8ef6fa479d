// Finding a program on PATH.
#pragma once

#include <string>

namespace netgrade {

// The program to exec: argv[0] itself when it has a '/', else found on the grader's PATH.
std::string ResolveExecutable(const std::string& argv0);

}  // namespace netgrade
