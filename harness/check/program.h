// Checks on how the student's program ran, independent of what it sent: did it start at
// all, is it Python 2, did it crash, did it exit when it should (or stop when it should not).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "harness/check/advice.h"
#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/check/traceback.h"
#include "harness/observe/program_run.h"
#include "harness/spec/spec.h"

namespace netgrade::check {

// Python 2 code run with python3: a print statement, raw_input, ...
Finding CheckPython2(const observe::ProgramRun& run);
// The program could not be started (exit 127 from the spawner) or died with a signal or a
// non-zero status: the status and the tail of stderr.
// A known mistake in a Python traceback (check/traceback.h) leads: "server.py, line 21: a '('
// that is never closed ..."; `context` is what the traceback is read against.
Finding CheckCrash(const observe::ProgramRun& run, const TracebackContext& context = {});
// A compiled program whose source (next to it: server.c for server) declares `void main`
// and that ended by itself with a non-zero status: the garbage status of a normal end.
Finding CheckVoidMain(const observe::ProgramRun& run);
// A limit of the sandbox the program ran into: too many processes, too much memory, CPU
// time or output, too big a file.
Finding CheckLimits(const observe::ProgramRun& run);
// ": it kept a CPU busy instead of exiting, ..." for a program whose case ended so
// (ProgramRun::spun_after_input), to follow "did not exit ..."; "" otherwise.
const char* SpunInsteadOfExiting(const observe::ProgramRun& run);

// Paths inside the private copy netgrade ran the program in ("/tmp/netgrade-AbC123/submission/
// server.py") shown as the student knows them ("server.py").
std::string WithoutWorkdir(std::string text);

// The exit rule of the case; the kind's `terms` word what a server that stopped should do,
// `input` how a program that must exit is told to end (EOFError only for Python's input()).
Finding CheckExitRule(spec::ExitRule rule, const observe::ProgramRun& run, const SocketTerms& terms,
                      InputUse input = InputUse::kRead, const TracebackContext& context = {});

// "exited with status 1" / "was killed by signal 11 (Segmentation fault)".
Phrase DescribeExit(const observe::ProgramRun& run);

// What the traceback on stderr means, when it is a known mistake, as the crash's findings lead
// with it (their cause): where and what ("server.py, line 21: a '(' that is never closed ..."),
// or "". Its shape has the place and the traceback's values as "{}" ("{}: a {} that is never
// closed, ..."), so two programs of different names that made one mistake say it in one shape.
Phrase CrashCause(const observe::ProgramRun& run, const TracebackContext& context);

}  // namespace netgrade::check
