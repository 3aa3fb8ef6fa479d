#include "harness/check/python3_habits.h"

#include <fmt/core.h>

#include <regex>

#include "harness/base/text.h"

namespace netgrade::check {

Phrase ExplainOrdOfBytes(const std::string& last, const std::string& code) {
  if (last.find("ord() expected string of length 1, but int found") == std::string::npos) return "";
  return Say(
      "ord() was given an item of bytes, which in Python 3 is already a number: this code was "
      "written for Python 2, where the packet was a str of characters{}. Leave out ord(): "
      "thisVal = string[count + 1] * 256 + string[count].",
      code.empty() ? "" : " (" + EscapeText(code, 80) + ")");
}

Phrase ExplainHostNotFound(const std::string& err, const std::string& last,
                           const TracebackContext& context) {
  if (last.find("gaierror") == std::string::npos) return "";
  // A host written in a call of the student's lines: ping("google.com"), get_route('x.org').
  static const std::regex kWritten(R"(\(\s*['"]([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)['"])");
  std::string host;
  for (const std::string& line : SplitLines(err)) {
    std::smatch m;
    if (line.rfind("    ", 0) == 0 && std::regex_search(line, m, kWritten)) host = m[1].str();
  }
  const Phrase given =
      context.host_argument > 0
          ? Say(" This lab gives the host on the command line: take it from sys.argv[{}].",
                context.host_argument)
          : Phrase("");
  if (host.empty())
    return Say(
        "the host name it was given could not be found (socket.gaierror), and its network "
        "knows no other computer by name: is the host written in the program?{}",
        given);
  return Say(
      "the host '{}', written in the program, could not be found (socket.gaierror): the "
      "network the program runs in knows no such name.{}",
      EscapeText(host, 80), given);
}

}  // namespace netgrade::check
