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
// A-Z to a-z and nothing else: for comparing names, file names and keywords without case.
std::string AsciiLower(std::string_view text);
// 1 "first", 2 "second", ... 10 "tenth", then "11th", "21st", "22nd", "23rd", "101st".
std::string Ordinal(size_t n);

// Splits at '\n'; a trailing '\r' on each line is removed. A final piece without '\n' is a
// line too when keep_partial is true (an unterminated last message at end of stream).
std::vector<std::string> SplitLines(std::string_view text, bool keep_partial = true);
// Removes trailing spaces, tabs and '\r'.
std::string_view TrimRight(std::string_view text);

// UTF-8, in one place (ICU's U8_* macros underneath).
// The length of the valid UTF-8 character at the start of s, and its code point in *code;
// 0 when it is not one (a stray continuation byte, a cut sequence, an overlong form, a
// surrogate, past U+10FFFF).
size_t Utf8CharLength(std::string_view s, char32_t* code = nullptr);
// Whether byte c continues a UTF-8 character (10xxxxxx).
inline bool Utf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
// The longest prefix of data[0, size) of at most max bytes that does not end inside a UTF-8
// character (backing off at most 3 bytes, so binary data is cut near max too).
size_t CutAtCharacter(const char* data, size_t size, size_t max);

// Text made safe to show on a terminal or in a report, at most max_chars characters (*cut
// tells whether some were left out): C0 controls and DEL as \x1b (\n \r \t by name), C1
// controls, the bidirectional overrides and isolates and U+FFFE/FFFF as \u009b, and each byte
// of invalid UTF-8 as \xff. The result is valid UTF-8 that a terminal prints as it reads and
// that XML 1.0 allows. With keep_line_breaks, newlines and tabs stay as they are.
std::string EscapeText(std::string_view text, size_t max_chars, bool* cut = nullptr,
                       bool keep_line_breaks = false);
// Student-controlled text (what a program printed, file names, paths) as a report shows it:
// whole, lines and tabs kept, everything else that could act on a terminal or break XML made
// visible (EscapeText).
std::string Visible(std::string_view text);

// 'text' in single quotes, escaped (EscapeText), cut to max_chars with "..." and the size.
std::string Quote(std::string_view text, size_t max_chars = 60);
// "'a', 'b' and 'c'"; at most max_items shown, then "and N more".
std::string QuoteList(const std::vector<std::string>& items, size_t max_items = 4);
// "'a', 'b', 'c'", as `netgrade explain` lists a spec's messages: each as written, cut after
// 47 bytes with its size; at most max_items (enough to see two swapped), then "and N more".
std::string QuoteItems(const std::vector<std::string>& items, size_t max_items = 10);
// For two texts too long to show whole (see Quote): where they first differ, with some
// context around it in both: "they first differ at byte 1025: expected '...', got '...'".
// Empty when both are short enough to be compared by eye, or equal.
std::string FirstDifference(std::string_view expected, std::string_view got, size_t max_chars = 60);
// The last max_lines lines of text, for showing the end of stderr.
std::string Tail(std::string_view text, size_t max_lines = 6);

}  // namespace netgrade
