// Checks on how the student's program ran, independent of what it sent: did it start at
// all, is it Python 2, did it crash, did it exit when it should (or stop when it should not).
#pragma once

#include <string>

#include "harness/check/finding.h"
#include "harness/observe/program_run.h"
#include "harness/spec/spec.h"

namespace netgrade::check {

// Python 2 code run with python3: a print statement, raw_input, ...
Finding CheckPython2(const observe::ProgramRun& run);
// The program could not be started (exit 127 from the spawner) or died with a signal or a
// non-zero status: the status and the tail of stderr.
Finding CheckCrash(const observe::ProgramRun& run);
// A compiled program whose source (next to it: server.c for server) declares `void main`
// and that ended by itself with a non-zero status: the garbage status of a normal end.
Finding CheckVoidMain(const observe::ProgramRun& run);
// A limit of the sandbox the program ran into: too many processes, too much memory, CPU
// time or output, too big a file.
Finding CheckLimits(const observe::ProgramRun& run);
// The exit rule of the case; the protocol words what a server that stopped should do.
Finding CheckExitRule(spec::ExitRule rule, const observe::ProgramRun& run,
                      spec::Protocol protocol = spec::Protocol::kTcp);

// "exited with status 1" / "was killed by signal 11 (Segmentation fault)".
std::string DescribeExit(const observe::ProgramRun& run);

}  // namespace netgrade::check
