// Which line of a build's output is its first real error, the one a beginner should read
// first, for every compiler netgrade runs: gcc and g++ ("server.c:3:1: error: ..."), the
// linker ("undefined reference to `foo'"), javac ("Server.java:12: error: ..."), go
// ("./server.go:12:5: ..."), rustc and cargo ("error[E0658]: ..." with its " --> file:line:col"),
// a syntax error (node's, Python's); never a summary that follows the errors ("error: could
// not compile", "error: aborting due to", "collect2: error: ld returned 1 exit status", "For
// more information about this error"), unless nothing else says what went wrong.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "harness/check/say.h"

namespace netgrade::run {

// The index of the line that says the first error, or lines.size() when none does.
size_t FirstErrorLine(const std::vector<std::string>& lines);

// Where a quote of the error at `error` starts: up to `context` lines before it that belong to
// it (gcc's "In function 'main':", the linker's "in function `main':"), never across a blank
// line (rustc's warnings end with one) nor into a warning; for a syntax error, the file:line,
// source line and caret node prints above it.
size_t QuoteStart(const std::vector<std::string>& lines, size_t error, size_t context);

// `line` with the mangled C++ names a linker may print (`_Z3fooi', with --no-demangle or from
// a C program calling C++) written as declared (`foo(int)'); other lines as they are.
std::string Demangled(std::string_view line);

// What a link error at `error` means, as the build message's first sentence leads with it:
// "the link found no definition of 'icu_72::Locale::getRoot()' (ICU's ...)"; "" when the line
// is not the linker's. Escaped, names demangled; said with check::Say, the name a value.
check::Phrase LinkFailure(const std::vector<std::string>& lines, size_t error);

}  // namespace netgrade::run
