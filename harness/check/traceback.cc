#include "harness/check/traceback.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>

#include "harness/base/text.h"

namespace netgrade::check {
namespace {

bool Has(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

// The exception: the last line that is not blank (Python prints it last, after the frames).
std::string LastLine(const std::string& text) {
  size_t end = text.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return "";
  size_t start = text.rfind('\n', end);
  start = start == std::string::npos ? 0 : start + 1;
  return text.substr(start, end + 1 - start);
}

// "invalid literal for int() with base 10: '127.0.0.1'" -> 127.0.0.1 (as Python quoted it).
std::string LiteralOf(const std::string& line) {
  size_t colon = line.rfind(": ");
  if (colon == std::string::npos) return "";
  std::string value = line.substr(colon + 2);
  if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"')) {
    value = value.substr(1, value.size() - 2);
  }
  return value;
}

// A host name or an IPv4 address, not a port: a dot or a letter in it.
bool LooksLikeHost(const std::string& value) {
  return !value.empty() && std::any_of(value.begin(), value.end(),
                                       [](unsigned char c) { return c == '.' || std::isalpha(c); });
}

}  // namespace

std::string ExplainTraceback(const std::string& err) {
  const std::string last = LastLine(err);
  if (last.rfind("ValueError: invalid literal for int()", 0) == 0 && Has(err, "sys.argv[1]")) {
    std::string value = LiteralOf(last);
    if (LooksLikeHost(value))
      return fmt::format(
          "int(sys.argv[1]) was given {}, a host, not a port: the command line holds the host "
          "first and the port second, so take the port from sys.argv[2] (and the host from "
          "sys.argv[1]).",
          Quote(value));
  }
  if (Has(last, "PermissionError") && Has(last, "Errno 13") && Has(err, "bind("))
    return "bind() was refused: ports below 1024 are privileged (only the administrator may "
           "bind them). Bind the port the exercise gives (never one below 1024, such as 331).";
  if (Has(last, "Errno 95") && Has(err, ".listen("))
    return "listen() was called on a UDP socket (SOCK_DGRAM), and UDP has no connections to "
           "listen for. A UDP server only bind()s, then answers with recvfrom() and sendto() in a "
           "loop: remove listen() and accept().";
  if (last.rfind("EOFError", 0) == 0)
    return "input() raised EOFError: its standard input had ended, as it does when input comes "
           "from a file or a pipe. Catch it and leave the loop: try: line = input() / except "
           "EOFError: break.";
  if (Has(last, "'builtin_function_or_method'") || Has(last, "'method'"))
    return "A method was used without calling it: a name such as .decode is the method itself, "
           ".decode() its result. Add the parentheses on the line the traceback shows.";
  if (Has(last, "TypeError: a bytes-like object is required, not 'str'"))
    return fmt::format(
        "{} a str where Python 3 needs bytes (Python 2 code, where they were the same): "
        "send text.encode(), and decode() what recv() returns.",
        Has(err, "sendto(") ? "sendto() was given" : "the program passed");
  return "";
}

}  // namespace netgrade::check
