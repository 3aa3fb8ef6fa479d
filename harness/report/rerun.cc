#include "harness/report/rerun.h"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>

#include "harness/base/text.h"

namespace netgrade::report {
namespace {

bool Plain(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("_@%+=:,./-").find(c) != std::string_view::npos;
}

// `path` from the working folder, normalised; as it is when that fails.
std::string Absolute(const std::string& path) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  return ec ? path : absolute.lexically_normal().string();
}

// Would a terminal show the word differently from its bytes (EscapeText changes it)?
bool NeedsEscapes(std::string_view word) {
  return EscapeText(word, std::string_view::npos) != word;
}

}  // namespace

std::string ShellQuote(std::string_view word) {
  if (!word.empty() && std::all_of(word.begin(), word.end(), Plain)) return std::string(word);
  if (NeedsEscapes(word)) {
    std::string out = "$'";
    for (char c : word) {
      unsigned char u = static_cast<unsigned char>(c);
      if (c == '\\' || c == '\'')
        out += std::string("\\") + c;
      else if (u >= 0x20 && u < 0x7f)
        out += c;
      else
        out += fmt::format("\\x{:02x}", u);
    }
    return out + "'";
  }
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string RerunProgram(const std::string& argv0) {
  if (argv0.find('/') == std::string::npos) return argv0.empty() ? "netgrade" : argv0;
  return Absolute(argv0);
}

Rerun BatchRerun(const std::string& spec, const std::string& name) {
  Rerun how;
  how.where =
      fmt::format("in the folder that holds {} and {}/", ShellQuote(spec), ShellQuote(name));
  return how;
}

std::string RerunIntro(const Rerun& how) {
  return how.where.empty() ? "Rerun it: " : "Rerun it, " + how.where + ": ";
}

std::string RerunCommand(const Rerun& how, const std::string& spec, const std::string& submission,
                         const std::string& case_name, uint64_t seed) {
  auto shown = [&](const std::string& path) {
    return how.absolute_paths && !path.empty() ? Absolute(path) : path;
  };
  std::string out = ShellQuote(how.program) + " check " + ShellQuote(shown(spec)) +
                    " --submission " + ShellQuote(shown(submission));
  for (const std::string& option : how.options) out += " " + ShellQuote(option);
  return out + " --case " + ShellQuote(case_name) + fmt::format(" --seed {}", seed);
}

}  // namespace netgrade::report
