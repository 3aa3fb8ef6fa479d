#include "harness/run/first_error.h"

#include <cxxabi.h>
#include <fmt/core.h>

#include <cstdlib>
#include <functional>
#include <memory>
#include <regex>

#include "harness/base/text.h"

namespace netgrade::run {
namespace {

bool Contains(std::string_view line, std::string_view what) {
  return line.find(what) != std::string_view::npos;
}

bool Search(std::string_view line, const std::regex& pattern) {
  return std::regex_search(line.begin(), line.end(), pattern);
}

bool Blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// A syntax error as an interpreter reports it (node --check, python -m py_compile).
bool SyntaxError(std::string_view line) {
  static const std::regex syntax(R"(^(SyntaxError|IndentationError|TabError): )");
  return Search(line, syntax);
}

// A compiler's own error, with where it is: gcc's and clang's "file:line:col: error:" and
// "fatal error:", javac's "File.java:12: error:", Go's "./server.go:9:2: " (Go says no
// "error"), rustc's "error[E0658]: " or an "error: " followed by its " --> file:line:col".
bool LocatedError(const std::vector<std::string>& lines, size_t i) {
  static const std::regex c_java(R"(:\d+:(\d+:)? (fatal )?error:)");
  static const std::regex go(R"(\.go:\d+:\d+: )");
  static const std::regex rust_code(R"(^error\[E\d+\]: )");
  static const std::regex rust_arrow(R"(^\s*--> \S+:\d+:\d+)");
  std::string_view l = lines[i];
  if (Search(l, c_java) || Search(l, go) || Search(l, rust_code) || SyntaxError(l)) return true;
  return l.rfind("error: ", 0) == 0 && i + 1 < lines.size() && Search(lines[i + 1], rust_arrow);
}

// What a tool says after the errors, counting them: true for the last resort only.
bool Summary(std::string_view l) {
  static const std::regex summary(
      R"(^error: (aborting due to|could not compile)|collect2: error: ld returned|^\d+ errors?$)");
  return Search(l, summary) || Contains(l, "For more information about this error");
}

}  // namespace

size_t FirstErrorLine(const std::vector<std::string>& lines) {
  // In the order a beginner should read them: the compiler's own error, the linker's missing
  // or doubled function, any other "error:" (cargo's missing crate), make's reason ("make: ***
  // No rule to make target"), any line that says error or fatal, and last the summaries.
  const std::vector<std::function<bool(size_t)>> tests = {
      [&](size_t i) { return LocatedError(lines, i); },
      [&](size_t i) {
        return Contains(lines[i], "undefined reference to") ||
               Contains(lines[i], "multiple definition of") ||
               Contains(lines[i], "ld: cannot find -l");
      },
      [&](size_t i) {
        return (Contains(lines[i], "error:") || lines[i].rfind("error[", 0) == 0) &&
               !Summary(lines[i]);
      },
      [&](size_t i) { return Contains(lines[i], "***"); },
      [&](size_t i) {
        std::string_view l = lines[i];
        return (Contains(l, "Error") || Contains(l, "error") || Contains(l, "fatal")) &&
               !Summary(l);
      },
      [&](size_t i) { return Summary(lines[i]); },
  };
  for (const auto& test : tests)
    for (size_t i = 0; i < lines.size(); ++i)
      if (test(i)) return i;
  return lines.size();
}

size_t QuoteStart(const std::vector<std::string>& lines, size_t error, size_t context) {
  if (error >= lines.size()) return error;
  // node: "/path/server.js:3", the line, its caret, a blank line, then "SyntaxError: ...".
  if (SyntaxError(lines[error]) && context > 0 && error >= 2 && Blank(lines[error - 1])) {
    size_t start = error - 1;
    while (start > 0 && error - start < 4 && !Blank(lines[start - 1])) --start;
    return start;
  }
  size_t start = error;
  while (start > 0 && error - start < context) {
    std::string_view before = lines[start - 1];
    if (Blank(before) || Contains(before, "warning:") || before.rfind("warning[", 0) == 0) break;
    --start;
  }
  return start;
}

std::string Demangled(std::string_view line) {
  if (!Contains(line, "reference to") && !Contains(line, "definition of") &&
      !Contains(line, "in function"))
    return std::string(line);
  static const std::regex mangled(R"(\b_Z[A-Za-z0-9_]+)");
  std::string out;
  std::string text(line);
  auto last = text.cbegin();
  for (std::sregex_iterator m(text.begin(), text.end(), mangled), end; m != end; ++m) {
    int status = 0;
    std::unique_ptr<char, decltype(&std::free)> name(
        abi::__cxa_demangle(m->str().c_str(), nullptr, nullptr, &status), &std::free);
    out.append(last, (*m)[0].first);
    out += status == 0 && name ? std::string(name.get()) : m->str();
    last = (*m)[0].second;
  }
  out.append(last, text.cend());
  return out;
}

check::Phrase LinkFailure(const std::vector<std::string>& lines, size_t error) {
  if (error >= lines.size()) return "";
  std::string line = Demangled(lines[error]);
  auto quoted = [&](std::string_view after) -> std::string {
    size_t at = line.find(after);
    if (at == std::string::npos) return "";
    size_t open = at + after.size();
    size_t close = line.find('\'', open);
    return line.substr(open, close == std::string::npos ? std::string::npos : close - open);
  };
  if (std::string name = quoted("undefined reference to `"); !name.empty()) {
    // Whose it is, where a name says: a library a student's build does not link.
    // Netgrade's words, each its own mistake: literals, in the words' shape (check::Say).
    const char* whose = "";
    if (name.rfind("icu_", 0) == 0 || name.rfind("u_", 0) == 0)
      whose =
          " It is ICU's, a library this build does not link: use only the standard "
          "library's functions.";
    else if (name.rfind("boost::", 0) == 0)
      whose =
          " It is Boost's, a library this build does not link: use only the standard "
          "library's functions.";
    else if (name == "main" || name == "WinMain" || name == "WinMain@16")
      whose = " A program needs a function 'int main(...)', spelt so.";
    return check::Say(
        "the link found no definition of {}: neither the program nor a library the build "
        "links has it (a name misspelt, a function declared but never written, or another "
        "library's).{}",
        Quote(name, 120), whose);
  }
  if (std::string name = quoted("multiple definition of `"); !name.empty())
    return check::Say(
        "the link found {} defined twice: two files define it (a function written in a header "
        "that several files include, or two files each with main).",
        Quote(name, 120));
  return "";
}

}  // namespace netgrade::run
