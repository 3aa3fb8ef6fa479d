#include "harness/check/usage_line.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>

#include "harness/base/text.h"
#include "harness/check/program.h"

namespace netgrade::check {
namespace {

std::string Trimmed(std::string_view line) {
  size_t start = line.find_first_not_of(" \t\r");
  if (start == std::string_view::npos) return "";
  return std::string(line.substr(start, line.find_last_not_of(" \t\r") + 1 - start));
}

// "Usage: ...", "usage: ...", "USAGE ./sender host port <file>": a line that starts so;
// without the colon, only when what follows looks like a command line (a path, a program's
// file name, <placeholders> or [options]), not "usage statistics: ...".
bool IsUsage(const std::string& line) {
  std::string l = AsciiLower(line);
  if (l.rfind("usage:", 0) == 0) return true;
  return l.rfind("usage ", 0) == 0 && l.find_first_of("./<[", 6) != std::string::npos;
}

// argparse's and getopt's complaint: "pinger.py: error: the following arguments are required:
// --server_ip", "client: invalid option -- 'x'".
bool IsArgumentError(const std::string& line) {
  std::string l = AsciiLower(line);
  return l.find("error: the following arguments are required") != std::string::npos ||
         l.find("error: unrecognized arguments") != std::string::npos ||
         l.find("error: argument ") != std::string::npos ||
         l.find("invalid option --") != std::string::npos;
}

std::string UsageIn(const std::string& text) {
  std::vector<std::string> lines = SplitLines(text.substr(0, 64 << 10));
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string line = Trimmed(lines[i]);
    if (!IsUsage(line)) continue;
    std::string shown = Quote(line, 160);
    for (size_t k = i + 1; k < lines.size() && k <= i + 8; ++k)
      if (std::string more = Trimmed(lines[k]); IsArgumentError(more))
        return shown + " and " + Quote(more, 160);
    return shown;
  }
  return "";
}

}  // namespace

std::string UsageLine(const std::string& stdout_text, const std::string& stderr_text) {
  std::string usage = UsageIn(stderr_text);
  return usage.empty() ? UsageIn(stdout_text) : usage;
}

std::string HandoutCommandLine(const std::string& program, const std::vector<std::string>& argv) {
  std::string out = program;
  for (std::string word : argv) {
    // "{host}" -> HOST, "{port}" -> PORT, any other placeholder likewise; words as they are.
    for (size_t open; (open = word.find('{')) != std::string::npos;) {
      size_t close = word.find('}', open);
      if (close == std::string::npos) break;
      std::string name = word.substr(open + 1, close - open - 1);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return std::toupper(c); });
      word.replace(open, close + 1 - open, name);
    }
    out += " " + word;
  }
  return EscapeText(out, 160);
}

Finding PrintedItsUsage(const observe::Observation& obs, const Finding& judged) {
  if (!obs.program.exited || obs.role == nullptr) return Finding::Ok();
  std::string usage = UsageLine(obs.stdout_text, obs.program.stderr_text);
  if (usage.empty()) return Finding::Ok();
  const std::string& name = obs.program.display_name;
  return Finding{
      .code = judged.code,
      .cause = Say("{} printed its usage line {} and {}: it never got going, because it "
                   "wants its command line otherwise than the handout gives it.",
                   name, usage, DescribeExit(obs.program)),
      .fix = Say("netgrade runs it as the handout says, '{}': take the arguments in that "
                 "order and form.",
                 HandoutCommandLine(name, obs.test != nullptr ? spec::CaseArgv(*obs.role, *obs.test)
                                                              : obs.role->argv)),
      .notes = {"What followed: " + judged.Text()},
      .difference = judged.difference};
}

}  // namespace netgrade::check
