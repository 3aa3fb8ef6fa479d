// Running a helper program of the grader's own (git, apparmor_parser) to its end, with what it
// printed. Not for students' programs, which run in the sandbox (sandbox/process.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace netgrade {

struct CommandRan {
  int status = -1;  // the exit status; 128 + the signal that ended it
  std::string out;  // its standard output (and its standard error, where asked)
};

// Runs argv (argv[0] found on PATH) with no standard input, to its end. `with_stderr`: its
// standard error goes in `out` too, else to /dev/null. nullopt: it could not be started.
std::optional<CommandRan> RunCommand(const std::vector<std::string>& argv,
                                     bool with_stderr = false);

}  // namespace netgrade
