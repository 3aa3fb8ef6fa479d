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

namespace netgrade::run {

struct Program {
  std::string role;
  std::filesystem::path path;               // inside the submission directory (or given)
  std::vector<std::string> command_prefix;  // {"/usr/bin/python3"} for a .py file, else {}
  std::string display_name;                 // "server.py", for messages
};

// The role's program in dir, or nullopt. A path given in overrides (role -> path) wins.
// Throws UsageError when an override names a file that does not exist.
std::optional<Program> FindProgram(const std::filesystem::path& dir, const spec::Role& role,
                                   const std::map<std::string, std::string>& overrides);

// What FindProgram looked for, for the message when nothing was found:
// "server, server.py, tcpServer, tcpServer.py, ...".
std::string DescribeCandidates(const spec::Role& role);
// Why nothing in `dir` was taken for the role, when a file comes close: a program that is
// not executable, source code not compiled, a misspelt name; else what the folder holds.
// Empty when the folder is empty. Starts with a space, to follow a sentence.
std::string NearMisses(const std::filesystem::path& dir, const spec::Role& role);

// The python3 the grader runs .py files with: /usr/bin/python3 when present, else the first
// python3 on PATH.
std::string Python3();

// A private copy of a submission directory, so a program cannot change the original;
// removed on destruction. Symbolic links are copied as links, never followed.
// A mkstemp/mkdtemp template in the temporary directory that names this grader:
// "netgrade-<pid>-<what>XXXXXX". A netgrade killed before it could clean up leaves such
// files behind; the first call removes those of graders that are gone (ours by owner only).
std::string TempTemplate(const std::string& what);
// Removes what killed graders left in the temporary directory (TempTemplate's names only).
void RemoveStaleTempFiles();

class WorkCopy {
 public:
  explicit WorkCopy(const std::filesystem::path& source);
  ~WorkCopy();
  WorkCopy(const WorkCopy&) = delete;
  WorkCopy& operator=(const WorkCopy&) = delete;
  const std::filesystem::path& dir() const { return dir_; }
  // Hands the copy to the user the programs run as.
  void GiveTo(int uid, int gid);
  // The same program inside the copy.
  Program Relocate(const Program& program, const std::filesystem::path& source) const;

 private:
  std::filesystem::path root_;
  std::filesystem::path dir_;
};

}  // namespace netgrade::run
