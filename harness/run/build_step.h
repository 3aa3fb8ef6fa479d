// The spec's build step (`build:`): a command (make, g++ ...) run once per submission in its
// checked copy, before any of its cases, contained exactly as the student's programs are (a
// Makefile is student code: it can do anything), with a time limit and bounded output. Its
// outcome is the submission's when it fails: every case fails with build_failed, quoting the
// compiler's first error; a build the grader cannot start is the grader's problem.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/check/finding.h"
#include "harness/plan/submission.h"
#include "harness/run/case_runner.h"
#include "harness/sandbox/work_copy.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

struct BuildOutcome {
  enum class Kind {
    kBuilt,        // exit status 0: the programs are looked for as without a build
    kFailed,       // the student's: non-zero status, past the time limit, killed
    kGraderError,  // the grader's: the command is not installed, the sandbox failed
  };
  Kind kind = Kind::kBuilt;
  std::string message;  // kFailed: the diagnosis; kGraderError: what went wrong
  // kFailed: the diagnosis in its parts (`message` is its Text()), without a code: the caller
  // knows whose build it was (build_failed, compile_error).
  check::Finding said = {};
};

// Runs spec.build's command in `dir` (which the built programs are then found in), as
// options.student_uid when root, in a network namespace and cgroup of its own when
// options.isolate allows, stopped after its timeout times options.timeout_multiplier.
BuildOutcome RunBuild(const spec::Build& build, const std::filesystem::path& dir,
                      const RunOptions& options);

// The toolchain of a source's build (plan/languages.h): its installations, which the build's
// sandbox shows read-only, and its name for the message of a failed build ("rustc 1.63.0
// (/usr/bin/rustc)").
struct BuildTools {
  std::vector<std::string> read_only;
  std::string toolchain;
};

// RunBuild with the command as argv (run as it is: a source's build, plan/languages.h), with
// `env` ("NAME=value"; "{tmp}" in a value is the build's own temporary folder) added to the
// student's environment; `build` gives its time limit and the command as messages quote it.
BuildOutcome RunBuildCommand(std::vector<std::string> argv, const std::vector<std::string>& env,
                             const spec::Build& build, const std::filesystem::path& dir,
                             const RunOptions& options, const BuildTools& tools = {});

// The programs' own builds (source code: gcc, javac, go build, cargo; once each, in order) in
// a submission's checked copy, as BuildCopy runs the spec's; the first that does not build is
// the outcome.
BuildOutcome BuildSources(const std::vector<const plan::Program*>& programs,
                          sandbox::WorkCopy& copy, const RunOptions& options);

// RunBuild in a submission's checked copy, as a user of the build's own when root (who then
// owns the copy); the sandbox's own failure (fork, a cgroup) is kGraderError.
BuildOutcome BuildCopy(const spec::Build& build, sandbox::WorkCopy& copy,
                       const RunOptions& options);

// The build command as argv: its words when it is a plain command line ("make",
// "g++ -o server server.cpp"); /bin/sh -c with the line when it uses the shell's syntax
// (quotes, &&, ;, |, <, >, $, globs, backslashes).
std::vector<std::string> BuildArgv(const std::string& command);

// What of a build's output a beginner needs, escaped, each line indented by 4 spaces: the
// first error (run/first_error.h: the compiler's, for every language, else make's "***", else
// the "Error"/"fatal" line) with up to `context` lines before it that belong to it (gcc's "In
// function 'main':") and the lines after it, at most max_lines in all, each cut at 200
// characters, C++ names demangled; then "    ... (N more lines)". Without any error line, the
// last max_lines lines. Empty when the output is blank.
std::string CutBuildOutput(std::string_view output, size_t max_lines = 12, size_t context = 2);

}  // namespace netgrade::run
