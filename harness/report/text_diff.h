// A difference in content laid out for a terminal: what was sent, what was expected and what
// was received, one under the other, with a caret under the first character that differs.
// Every value is escaped (a control byte shows as \x07, so it takes four columns) and wide or
// combining characters are counted as a terminal shows them, so the caret sits under the
// right column; a long value is cut around the difference, with a count of what was left out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/check/finding.h"
#include "harness/report/style.h"

namespace netgrade::report {

// The columns a terminal gives valid UTF-8 text: 2 for East Asian wide and full-width
// characters, 0 for combining marks and format characters, 1 for the rest.
size_t DisplayWidth(std::string_view utf8);

// "sent:     'hello'", "expected: 'HELLO'", "received: 'HELO'", then the caret line
// ("             ^ first difference"); a missing message is received "(nothing)", an extra
// one expected "(nothing more)". Values longer than max_columns are cut: "...'" before when
// the start was left out, "' ... 312 more bytes" after. No trailing newlines.
// Bytes (check::Difference::binary) as DifferenceLines shows them: each value as its size and
// hex dump rows (offset, hex, printable ASCII; text_diff.cc's DumpRows), three rows around the
// first difference, "received: 300 bytes, the first difference at byte 150 (0x96)" and a caret
// under that byte. A value that is a description (expected_described) is shown as words.
std::vector<std::string> BinaryDifferenceLines(const check::Difference& d,
                                               const Style& style = Style());

// Bytes (Difference::binary) go to BinaryDifferenceLines.
std::vector<std::string> DifferenceLines(const check::Difference& d, const Style& style = Style(),
                                         size_t max_columns = 60);

}  // namespace netgrade::report
