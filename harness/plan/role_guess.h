// Which program in a submission is a role's when none is named for it: a folder holding
// lab2.py and lab2_client.py, or myserver built from myserver.c. A program clearly is the
// role's when it is the only one whose source does what the role does (a server accept()s,
// or binds and recvfrom()s without connecting; a client connect()s or sendto()s without
// accepting): the student is told which and how to run it, never to compile what is compiled.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/spec/spec.h"

namespace netgrade::plan {

struct RoleGuess {
  std::string file;      // "lab2.py", "myserver": in the folder, named for no role
  std::string source;    // the source it was read from: the file itself, or "myserver.c"
  std::string evidence;  // "calls accept()", for the sentence
};

// The one program in `dir` (its top level; regular files only, never a link) that does what
// `role` does and is named for no role of `roles`; nullopt when none or more than one does. A
// Python file is read itself; an executable only through a C/C++ source beside it with its
// name (myserver.c), since a compiled program's bytes say nothing reliable.
std::optional<RoleGuess> GuessRoleProgram(const std::filesystem::path& dir, const spec::Role& role,
                                          const std::vector<spec::Role>& roles);

// "'lab2.py' is the only Python program here that calls accept(), so it looks like the
// server's: run netgrade with --program server=lab2.py (its path), or rename it server.py."
std::string DescribeGuess(const RoleGuess& guess, const spec::Role& role);

// For a role with no program while `found` (other roles) have one and no program looks like
// the role's: " If you wrote only the server, grade it alone: add --role server (the client's
// cases are then left out)." Else "". Starts with a space, to follow a sentence.
std::string OnlyRolesHint(const std::filesystem::path& dir, const spec::Role& role,
                          const std::vector<spec::Role>& roles,
                          const std::vector<std::string>& found);

}  // namespace netgrade::plan
