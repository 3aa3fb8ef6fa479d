#include "harness/check/program_source.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <regex>
#include <vector>

#include "harness/base/file.h"
#include "harness/base/text.h"
#include "harness/check/traceback.h"

namespace netgrade::check {
namespace fs = std::filesystem;

std::vector<fs::path> SourcesOf(const std::string& program_path) {
  if (program_path.empty()) return {};
  fs::path program(program_path);
  std::vector<fs::path> candidates;
  if (program.has_extension())
    candidates.push_back(program);
  else
    for (const char* ext : {".c", ".cc", ".cpp"}) candidates.push_back(fs::path(program) += ext);
  std::vector<fs::path> sources;
  for (const fs::path& c : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(fs::symlink_status(c, ec))) sources.push_back(c);
  }
  return sources;
}

std::string ReadSource(const fs::path& source) {
  return ReadFile(source.string(), 256 << 10).value_or("");
}

// "server.py, line 13": the first line of the program's source that closes the listening
// socket the traceback's accept() names ("serverSocket.close()"), or "".
std::string CloseOfListeningSocket(const observe::ProgramRun& run) {
  std::string name = ListeningSocketName(run.stderr_text);
  if (name.empty()) return "";
  for (const fs::path& source : SourcesOf(run.program_path)) {
    std::string text = ReadSource(source);
    size_t at = text.find(name + ".close()");
    // The whole name: not "oldserverSocket.close()".
    while (at != std::string::npos && at > 0 &&
           (std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_'))
      at = text.find(name + ".close()", at + 1);
    if (at == std::string::npos) continue;
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
    return fmt::format("{}, line {}", EscapeText(source.filename().string(), 60), line);
  }
  return "";
}

// "server.py, line 11 ('data = str(data).upper')": the first line of a Python source that names a
// string or socket method without calling it, or "".
std::string UncalledMethod(const observe::ProgramRun& run) {
  static const std::regex uncalled(
      R"(\.(upper|lower|capitalize|title|strip|rstrip|lstrip|decode|encode|split|recv|recvfrom|)"
      R"(accept|close|read|readline|readlines)\b(?!\s*\())");
  for (const fs::path& source : SourcesOf(run.program_path)) {
    if (source.extension() != ".py") continue;
    std::vector<std::string> lines = SplitLines(ReadSource(source));
    for (size_t i = 0; i < lines.size(); ++i) {
      std::string code = lines[i].substr(0, lines[i].find('#'));  // not in a comment
      std::smatch m;
      if (!std::regex_search(code, m, uncalled)) continue;
      size_t start = code.find_first_not_of(" \t");
      return fmt::format("{}, line {} ({})", EscapeText(source.filename().string(), 60), i + 1,
                         Quote(code.substr(start), 60));
    }
  }
  return "";
}

namespace {

// "void main(" in a C or C++ source, not inside a longer name ("void mainloop(" is not it).
bool DeclaresVoidMain(const std::string& source) {
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  auto blank = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  for (size_t at = source.find("void"); at != std::string::npos; at = source.find("void", at + 4)) {
    if (at > 0 && ident(source[at - 1])) continue;
    size_t i = at + 4;
    if (i >= source.size() || !blank(source[i])) continue;
    while (i < source.size() && blank(source[i])) ++i;
    if (source.compare(i, 4, "main") != 0) continue;
    i += 4;
    while (i < source.size() && blank(source[i])) ++i;
    if (i < source.size() && source[i] == '(') return true;
  }
  return false;
}

}  // namespace

// The source next to a compiled program (server -> server.c, server.cc, server.cpp) that
// declares `void main`: its name, or "". A program whose main returns void ends with whatever
// the last call left in the return register as its status, so a normal end looks like a
// failure. The folder is the case's copy; only regular files are read, and a bounded part.
namespace {
bool CSource(const std::filesystem::path& source) {
  std::string ext = source.extension().string();
  return ext == ".c" || ext == ".cc" || ext == ".cpp" || ext == ".cxx" || ext == ".h";
}
}  // namespace

bool WrittenInC(const observe::ProgramRun& run) {
  std::vector<std::filesystem::path> sources = SourcesOf(run.program_path);
  return std::any_of(sources.begin(), sources.end(), CSource);
}

std::string LineWithNumber(const observe::ProgramRun& run, unsigned number) {
  const std::string digits = std::to_string(number);
  for (const std::filesystem::path& source : SourcesOf(run.program_path)) {
    if (!CSource(source)) continue;
    std::string text = ReadSource(source);
    auto digit = [&](size_t i) {
      return i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]));
    };
    for (size_t at = text.find(digits); at != std::string::npos; at = text.find(digits, at + 1)) {
      if ((at > 0 && digit(at - 1)) || digit(at + digits.size())) continue;
      size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + at, '\n'));
      return fmt::format("{}, line {}", source.filename().string(), line);
    }
  }
  return "";
}

int PortAssignedForBind(const observe::ProgramRun& run) {
  // The name in the bind() line the traceback quotes: bind(('', serverPort)), bind((HOST, PORT)).
  static const std::regex kBoundName(R"(bind\s*\(\s*\(.*,\s*([A-Za-z_]\w*)\s*\)\s*\))");
  std::smatch m;
  if (!std::regex_search(run.stderr_text, m, kBoundName)) return 0;
  const std::regex assigned(R"(^\s*)" + m[1].str() + R"(\s*=\s*(\d{1,5})\s*(#.*)?$)");
  for (const fs::path& source : SourcesOf(run.program_path)) {
    if (source.extension() != ".py") continue;
    for (const std::string& line : SplitLines(ReadSource(source))) {
      std::smatch number;
      if (std::regex_search(line, number, assigned)) return std::stoi(number[1].str());
    }
  }
  return 0;
}

std::string VoidMainSource(const observe::ProgramRun& run) {
  if (fs::path(run.program_path).has_extension()) return "";  // server.py: not compiled
  for (const fs::path& source : SourcesOf(run.program_path))
    if (DeclaresVoidMain(ReadSource(source))) return source.filename().string();
  return "";
}

// exec() says "No such file or directory" for a program that exists when the interpreter its
// #! line names does not: said so, with the line, instead of the (misleading) error.
std::string MissingInterpreter(const observe::ProgramRun& run) {
  if (run.exec_errno != ENOENT || run.exec_path.empty()) return "";
  // The path is the grader's own (the program in the private copy); its first line is read
  // without blocking and bounded, whatever the file is.
  std::string first = ReadFile(run.exec_path, 512).value_or("");
  first = first.substr(0, first.find('\n'));
  if (first.rfind("#!", 0) != 0) return "";
  bool crlf = !first.empty() && first.back() == '\r';
  if (crlf) first.pop_back();
  std::string interpreter = first.substr(2);
  interpreter.erase(0, interpreter.find_first_not_of(" \t"));
  interpreter = interpreter.substr(0, interpreter.find_first_of(" \t"));
  if (crlf)
    return fmt::format(
        "its first line, {}, ends with a Windows line ending (\\r), so the system looks for an "
        "interpreter named {} followed by \\r, which does not exist. Save the file with Unix line "
        "endings (LF).",
        Quote(first), Quote(interpreter));
  // A file named server.py already has its ending: it is not told to add another.
  fs::path shown(run.display_name);
  std::string rename =
      shown.extension() == ".py"
          ? std::string(" (or remove the line)")
          : fmt::format(" (or remove the line and name the file {}.py)", shown.filename().string());
  return fmt::format(
      "the interpreter named on its #! line, {}, does not exist on this system. Use "
      "'#!/usr/bin/env python3' as the first line{}.",
      Quote(interpreter), rename);
}

}  // namespace netgrade::check
