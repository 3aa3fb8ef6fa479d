// Student-controlled text (what a program printed, its file names, the path of its folder)
// made safe to show: on a terminal an escape sequence could clear the screen and draw a fake
// PASS, and in XML a control byte or invalid UTF-8 makes the document ill-formed.
#pragma once

#include <string>
#include <string_view>

namespace netgrade::report {

// The text with line breaks and tabs kept and every other control character made visible:
// C0 and DEL as "\x1b" (carriage return as "\r"), C1 as "\u009b", the bidirectional
// overrides and isolates as "\u202e", and each byte of invalid UTF-8 as "\xff". The result
// is valid UTF-8 that a terminal prints as it reads and that XML 1.0 allows in text.
std::string Visible(std::string_view text);

}  // namespace netgrade::report
