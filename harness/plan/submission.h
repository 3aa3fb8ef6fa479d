// A submission is a directory; each role runs as an executable named for the role in it, or
// else as a .py file with python3. Names come from the spec (matched without regard to
// case) or are given outright with --program ROLE=PATH.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/spec/spec.h"

namespace netgrade::plan {

struct Program {
  std::string role;
  std::filesystem::path path;               // inside the submission directory (or given)
  std::vector<std::string> command_prefix;  // {"/usr/bin/python3"} for a .py file, else {}
  std::string display_name;                 // "server.py", for messages
};

// The role's program in dir, or nullopt. A path given in overrides (role -> path) wins.
// Throws UsageError when an override names a file that does not exist. A program found in
// dir is a file itself, never a link (whose target may lie anywhere): run::Grade looks in
// the submission's checked copy, where a link inside the submission is its target's copy.
std::optional<Program> FindProgram(const std::filesystem::path& dir, const spec::Role& role,
                                   const std::map<std::string, std::string>& overrides);

// What FindProgram looked for, for the message when nothing was found:
// "server, server.py, tcpServer, tcpServer.py, ...".
std::string DescribeCandidates(const spec::Role& role);
// Why nothing in `dir` was taken for the role, when a file comes close: a link, a program
// that is not executable, source code not compiled, a misspelt name; else what the folder holds.
// Empty when the folder is empty. Starts with a space, to follow a sentence. `roles` (the
// spec's, this one included or not) keeps a file named for another role out of the hints.
std::string NearMisses(const std::filesystem::path& dir, const spec::Role& role,
                       const std::vector<spec::Role>& roles = {});

// The python3 the grader runs .py files with: /usr/bin/python3 when present, else the first
// python3 on PATH.
std::string Python3();

}  // namespace netgrade::plan
