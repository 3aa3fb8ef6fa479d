// When a piece of advice fits the case at hand. The checks were first written for the
// capitalize exercises; their advice ("catch EOFError", "use upper()", "send the same line
// again") is given only where the case and the program make it true, so that any other
// exercise a spec describes gets a neutral sentence instead of someone else's fix.
#pragma once

#include <string>

#include "harness/spec/spec.h"

namespace netgrade::check {

// How the case feeds the program's standard input, and how the program reads it.
enum class InputUse {
  kNone,         // the case feeds no standard input
  kRead,         // it feeds lines; the program is not seen reading them with input()
  kPythonInput,  // it feeds lines and the program is Python calling input() (EOFError at end)
};

// The case expects answers that are the upper case of what was sent (`replies: upper`):
// upper-casing advice (upper(), not capitalize(); decode before upper()) fits only there.
bool ExpectsUpper(const spec::Case& c);

// Whether the case feeds standard input (`stdin:` lines or `stdin` steps of a script).
bool FeedsStdin(const spec::Case& c);

// Python's input() in the program's source (the program itself when it is a .py file or a
// script whose #! line names python; SourcesOf in program.h): not raw_input(), not a name
// ending in "input(".
bool CallsPythonInput(const std::string& program_path);

InputUse InputUseOf(const spec::Case& c, const std::string& program_path);

// The case's messages are the program's input lines, sent to the peer one by one (a client
// that reads lines and sends each: received: stdin, stdout: peer-replies, or received lines
// that are all input lines): "send the line again" after a loss fits it, where a program that
// makes its own messages (a pinger) does not resend.
bool SendsInputLines(const spec::Case& c);
// `line` (a message lost and never sent again) is one of the input lines the case feeds.
bool ResendsLine(const spec::Case& c, const std::string& line);
// A case of the exercise expects its client to print "timed out" for a line it gave up on (the
// UDP capitalize client's 3 sends): only then is that part of the resend advice, in each of
// its cases.
bool PrintsTimedOut(const spec::Spec& s);

}  // namespace netgrade::check
