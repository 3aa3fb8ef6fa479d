// Checks on how the student's program ran, independent of what it sent: did it start at
// all, is it Python 2, did it crash, did it exit when it should (or stop when it should not).
#pragma once

#include <string>

#include "harness/check/finding.h"
#include "harness/spec/spec.h"

namespace netgrade::check {

// How the program ended, as the runner saw it.
struct ProgramRun {
  std::string display_name;  // "server.py"
  bool exited = false;       // by itself, before the case ended
  int status = 0;
  int signal = 0;
  std::string stderr_text;
  bool stdin_consumed = false;  // standard input was written whole before it ended

  // Limits of the sandbox and whether the program ran into them.
  bool output_cut = false;         // printed more than output_cap on stdout or stderr
  int64_t output_cap = 0;
  bool process_limit_hit = false;  // a fork failed at the process cap
  int process_limit = 0;
  bool memory_limit_hit = false;   // an allocation failed at the memory cap
  int64_t memory_limit = 0;
  int cpu_limit_s = 0;
  int64_t file_size_limit = 0;  // 0: not known (the message then names no number)
  int open_files_limit = 0;
};

// Python 2 code run with python3: a print statement, raw_input, ...
Finding CheckPython2(const ProgramRun& run);
// The program could not be started (exit 127 from the spawner) or died with a signal or a
// non-zero status: the status and the tail of stderr.
Finding CheckCrash(const ProgramRun& run);
// A limit of the sandbox the program ran into: too many processes, too much memory, CPU
// time or output, too big a file.
Finding CheckLimits(const ProgramRun& run);
// The exit rule of the case; the protocol words what a server that stopped should do.
Finding CheckExitRule(spec::ExitRule rule, const ProgramRun& run, spec::Protocol protocol = spec::Protocol::kTcp);

// "exited with status 1" / "was killed by signal 11 (Segmentation fault)".
std::string DescribeExit(const ProgramRun& run);

}  // namespace netgrade::check
