// Text helpers the checks share: case mapping as Python's str.upper() does it, line
// splitting, and quoting for messages shown to a beginner.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace netgrade {

// Full Unicode upper case (ß -> SS), as Python's str.upper(); invalid UTF-8 is upper-cased
// byte by byte in ASCII and otherwise left alone.
std::string Upper(std::string_view text);
// Python's str.capitalize(): the first character upper case, the rest lower case.
std::string Capitalize(std::string_view text);
// Upper case of the first letter only, the rest unchanged (a hand-written "capitalize").
std::string FirstLetterUpper(std::string_view text);

// Splits at '\n'; a trailing '\r' on each line is removed. A final piece without '\n' is a
// line too when keep_partial is true (an unterminated last message at end of stream).
std::vector<std::string> SplitLines(std::string_view text, bool keep_partial = true);
// Removes trailing spaces, tabs and '\r'.
std::string_view TrimRight(std::string_view text);

// 'text' in single quotes, control bytes escaped, cut to max_chars with "..." and the size.
std::string Quote(std::string_view text, size_t max_chars = 60);
// "'a', 'b' and 'c'"; at most max_items shown, then "and N more".
std::string QuoteList(const std::vector<std::string>& items, size_t max_items = 4);
// For two texts too long to show whole (see Quote): where they first differ, with some
// context around it in both: "they first differ at byte 1025: expected '...', got '...'".
// Empty when both are short enough to be compared by eye, or equal.
std::string FirstDifference(std::string_view expected, std::string_view got, size_t max_chars = 60);
// The last max_lines lines of text, for showing the end of stderr.
std::string Tail(std::string_view text, size_t max_lines = 6);

}  // namespace netgrade
