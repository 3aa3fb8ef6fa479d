#include "harness/check/advice.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <vector>

#include "harness/base/file.h"
#include "harness/check/program.h"
#include "harness/check/program_source.h"

namespace netgrade::check {
namespace {
namespace fs = std::filesystem;

bool IdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// "input(" as a call of the built-in: not raw_input(, not my_input(, not .input(.
bool HasInputCall(const std::string& source) {
  for (size_t at = source.find("input("); at != std::string::npos;
       at = source.find("input(", at + 1))
    if (at == 0 || (!IdentChar(source[at - 1]) && source[at - 1] != '.')) return true;
  return false;
}

// A program without an extension that is a Python script (#!/usr/bin/env python3).
bool PythonScript(const fs::path& program) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(program, ec))) return false;
  std::string first = ReadFile(program.string(), 256).value_or("");
  first = first.substr(0, first.find('\n'));
  return first.rfind("#!", 0) == 0 && first.find("python") != std::string::npos;
}

}  // namespace

bool ExpectsUpper(const spec::Case& c) { return c.expect.replies == spec::Transform::kUpper; }

bool FeedsStdin(const spec::Case& c) {
  if (!c.stdin_lines.empty()) return true;
  for (const spec::Step& s : c.script)
    if (s.action == spec::Step::Action::kStdin) return true;
  return false;
}

bool CallsPythonInput(const std::string& program_path) {
  if (program_path.empty()) return false;
  fs::path program(program_path);
  if (program.extension() == ".py" || (!program.has_extension() && PythonScript(program))) {
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(program, ec))) return false;
    return HasInputCall(ReadSource(program));
  }
  return false;
}

InputUse InputUseOf(const spec::Case& c, const std::string& program_path) {
  if (!FeedsStdin(c)) return InputUse::kNone;
  return CallsPythonInput(program_path) ? InputUse::kPythonInput : InputUse::kRead;
}

namespace {

// The lines the case feeds: its stdin, then a script's stdin steps.
std::vector<std::string> InputLines(const spec::Case& c) {
  std::vector<std::string> lines = c.stdin_lines;
  for (const spec::Step& s : c.script)
    if (s.action == spec::Step::Action::kStdin) lines.push_back(s.text);
  return lines;
}

bool IsInputLine(const std::vector<std::string>& input, const std::string& line) {
  return std::find(input.begin(), input.end(), line) != input.end();
}

}  // namespace

bool SendsInputLines(const spec::Case& c) {
  if (!FeedsStdin(c)) return false;
  const spec::Expect& e = c.expect;
  if (e.received_source == spec::ReceivedSource::kStdin ||
      e.stdout_source == spec::StdoutSource::kPeerReplies)
    return true;
  // received: a list of lines, each one of its input lines (a lost line it gave up on).
  const std::vector<std::string> input = InputLines(c);
  return e.received_source == spec::ReceivedSource::kLines && !e.received_lines.empty() &&
         std::all_of(e.received_lines.begin(), e.received_lines.end(),
                     [&](const std::string& l) { return IsInputLine(input, l); });
}

bool ResendsLine(const spec::Case& c, const std::string& line) {
  return IsInputLine(InputLines(c), line);
}

bool PrintsTimedOut(const spec::Spec& s) {
  auto says = [](const std::string& text) { return text.find("timed out") != std::string::npos; };
  for (const spec::Case& c : s.cases) {
    const spec::Expect& e = c.expect;
    if (std::any_of(e.stdout_lines.begin(), e.stdout_lines.end(), says) ||
        std::any_of(e.stdout_rules.begin(), e.stdout_rules.end(),
                    [&](const spec::LineRule& r) { return says(r.pattern); }))
      return true;
  }
  return false;
}

}  // namespace netgrade::check
