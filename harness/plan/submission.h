// A submission is a directory; each role runs as an executable named for the role in it, or
// else as source code named for it (server.py, server.js, TCPServer.java, server.c, server.cpp,
// server.go, server.rs, a Cargo project's bin: languages.h), built once per submission. Names
// come from the spec (matched without regard to case) or are given outright with
// --program ROLE=PATH.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/plan/languages.h"
#include "harness/spec/spec.h"

namespace netgrade::plan {

struct Program {
  std::string role;
  std::filesystem::path path;               // inside the submission directory (or given)
  std::vector<std::string> command_prefix;  // {"/usr/bin/python3"} for a .py file, else {}
  std::string display_name;                 // "server.py", for messages
  Language language = Language::kExecutable;
  // Source code: the command that builds `path` in the submission's folder (languages.h),
  // run once per submission before any case; empty for a program that is ready to run.
  // (Initialized here, so that {role, path, prefix, name} still sets the first four alone.)
  std::vector<std::string> build_argv = {};
  std::vector<std::string> build_env = {};
  std::string run_name = {};  // run instead of path when set: a Java class ("TCPServer")
  // The toolchains' installations the sandbox shows read-only, and the toolchain the report
  // names (LanguagePlan's).
  std::vector<std::string> read_only = {};
  std::string toolchain = {};
  // What the student should know of how it was chosen, one sentence (every case's report
  // says it): "" when there is nothing to say.
  std::string note = {};
};

// The role's program in dir, or nullopt. A path given in overrides (role -> path) wins.
// Throws UsageError when an override names a file that does not exist. A program found in
// dir is a file itself, never a link (whose target may lie anywhere): run::Grade looks in
// the submission's checked copy, where a link inside the submission is its target's copy.
// With build_sources false (the spec has a build step of its own), only executables and
// .py files are taken. An executable older than the C, C++, Go or Rust source of its name
// (built before the source's last change: a handout's `make`, then an edit) is not graded:
// the source is built again, and the Program's note says so. Throws MissingToolchain when the
// source's compiler is not installed.
std::optional<Program> FindProgram(const std::filesystem::path& dir, const spec::Role& role,
                                   const std::map<std::string, std::string>& overrides,
                                   bool build_sources = true);

// What FindProgram looked for, for the message when nothing was found:
// "server, server.py, tcpServer, tcpServer.py, ...".
std::string DescribeCandidates(const spec::Role& role);
// Why nothing in `dir` was taken for the role, when a file comes close: a link, a program
// that is not executable, source code not compiled, a misspelt name; else what the folder holds.
// Empty when the folder is empty. Starts with a space, to follow a sentence. `roles` (the
// spec's, this one included or not) keeps a file named for another role out of the hints.
// `given`: names the spec put in the folder (SpecFileNames), which are not the student's
// and are left out of the listing.
std::string NearMisses(const std::filesystem::path& dir, const spec::Role& role,
                       const std::vector<spec::Role>& roles = {},
                       const std::vector<std::string>& given = {});
// The names at the top of the program's folder that the spec's `files:` put there (a web
// server's pages, a table): "hosts.txt", "web" for "web/index.html".
std::vector<std::string> SpecFileNames(const spec::Spec& spec);

// The python3 the grader runs .py files with: the invoking user's (FindToolchain: the first
// on PATH, pyenv's choice followed), else /usr/bin/python3 or any python3 on PATH.
std::string Python3();

}  // namespace netgrade::plan
