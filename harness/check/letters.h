// Letters outside ASCII in an upper-case answer: recognises a program that upper-cased the
// bytes of a message one by one (Python's bytes.upper(), C's toupper() per char), which
// leaves é and ß as they were, and says how to upper-case the text instead. By default a spec
// does not grade such letters (spec::Letters), so the case that shows them is worth 0 points.
#pragma once

#include <string>

#include "harness/check/finding.h"
#include "harness/spec/spec.h"

namespace netgrade::check {

// `sent` with its ASCII letters upper-cased and every other byte unchanged.
std::string BytewiseUpper(const std::string& sent);

// `got` is `sent` upper-cased byte by byte, and that differs from its Unicode upper case.
bool UpperCasedBytewise(const std::string& sent, const std::string& got);

// Why such an answer is wrong and the fix, in Python and in C/C++: a few sentences.
std::string BytewiseUpperAdvice();

// `got` is `sent` with 32 taken off every byte, letters or not (a hand-made upper case whose
// test is always true: `c >= 97 || c <= 122`), perhaps ended early where a space became a
// NUL byte; and `sent` has a byte there that is no lower-case letter, which tells it from a
// right answer cut short. Then the sentence that says so and the fix; else "".
std::string SubtractedFromEveryByte(const std::string& sent, const std::string& got);
// The same as a finding's parts (wrong_content): what went wrong, and the fix; Ok when not.
Finding SubtractedBytes(const std::string& sent, const std::string& got);

// For a case worth 0 points (letters: ascii), the sentence that says it costs nothing (a note
// of the finding); "" for a graded case.
std::string NotGradedNote(const spec::Case& c);

}  // namespace netgrade::check
