// What the script steps `lines:` and `end:` accept, and how a diagnosis names it (the
// player's side is in script_blocks.cc, with the line end an `expect` took).
#pragma once

#include <string>

#include "harness/spec/spec.h"

namespace netgrade::peers {

// "a line matching /^$/ (which ends the lines)".
std::string DescribeBlockEnd(const spec::LineBlock& b);
// "a line matching /^[A-Za-z-]+: /, or a line matching /^$/ (which ends the lines)".
std::string DescribeBlockLine(const spec::LineBlock& b);
// Whether `pattern` (RE2) is found in `line`; an empty pattern is found in every line.
bool FoundIn(const std::string& pattern, const std::string& line);
// Whether a line taken with `crlf` ("\r\n" or "\n" alone) ends as `want` asks.
bool LineEndOk(spec::LineEnd want, bool crlf);

}  // namespace netgrade::peers
