// The words and codes of the script failures that concern a protocol's framing: a line that
// ended with "\n" where "\r\n" was required (line_end), a block of lines too short or too long
// (lines), a connection the program left otherwise than the script says (end). Used by
// script_checks.cc, which words the other kinds.
#pragma once

#include <string>

#include "harness/check/diagnosis.h"
#include "harness/check/say.h"
#include "harness/peers/script_failure.h"

namespace netgrade::check {

// Whether `kind` is one of those.
bool IsFramingFailure(peers::ScriptFailure::Kind kind);

// The sentence after the step's heading: `program` names the student's program ("server.py"),
// `sent` opens the sentence ("After the reference client sent 'x', it"). With their shape:
// `sent`'s, and the quoted lines, counts and `program` as "{}".
Phrase FramingWords(const peers::ScriptFailure& f, const std::string& program, const Phrase& sent);

Code FramingCode(const peers::ScriptFailure& f);

}  // namespace netgrade::check
