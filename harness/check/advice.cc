#include "harness/check/advice.h"

#include <cctype>
#include <filesystem>

#include "harness/base/file.h"
#include "harness/check/program.h"

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

bool SendsInputLines(const spec::Case& c) {
  return FeedsStdin(c) && (c.expect.received_source == spec::ReceivedSource::kStdin ||
                           c.expect.stdout_source == spec::StdoutSource::kPeerReplies);
}

bool ResendsLine(const spec::Case& c, const std::string& line) {
  if (!SendsInputLines(c)) return false;
  for (const std::string& l : c.stdin_lines)
    if (l == line) return true;
  for (const spec::Step& s : c.script)
    if (s.action == spec::Step::Action::kStdin && s.text == line) return true;
  return false;
}

}  // namespace netgrade::check
