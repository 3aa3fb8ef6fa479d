#include "harness/check/script_words.h"

#include <fmt/core.h>

#include "harness/base/text.h"

namespace netgrade::check {

using Kind = peers::ScriptFailure::Kind;

bool IsFramingFailure(Kind kind) {
  return kind == Kind::kWrongLineEnd || kind == Kind::kBlockCount || kind == Kind::kConnectionEnd;
}

namespace {

std::string LineEnd(const peers::ScriptFailure& f, const std::string& sent) {
  std::string got = f.received ? Quote(*f.received) : "a line";
  if (f.detail == "\\n")
    return fmt::format(
        "{} expected {} and got {}, but that line ended with \\n alone; HTTP and SMTP lines end "
        "with \\r\\n: send \"\\r\\n\" at the end of each line, not \"\\n\".",
        sent, f.expected, got);
  return fmt::format(
      "{} expected {} and got {}, but that line ended with \\r\\n; here a line ends with \\n "
      "alone: send \"\\n\" at its end, not \"\\r\\n\".",
      sent, f.expected, got);
}

std::string Count(const peers::ScriptFailure& f, const std::string& sent) {
  bool few = f.detail == "at least";
  return fmt::format("{} expected {} {} line{} before {} and got {}{}.", sent, f.detail, f.count,
                     f.count == 1 ? "" : "s", f.expected, f.got,
                     few ? "" : fmt::format(" (the last: {})", Quote(f.received.value_or(""))));
}

std::string End(const peers::ScriptFailure& f, const std::string& program,
                const std::string& sent) {
  const bool want_open = f.expected.empty() ? false : f.expected == "open";
  if (f.detail == "open") {
    std::string when =
        f.count > 0 ? fmt::format(" within {} ms", f.count) : std::string(" and was seen waiting");
    return fmt::format(
        "{} expected {} to close the connection, but it kept it open{}: a client waits for the "
        "end of the answer until the connection closes. Close the connection's socket once the "
        "answer is sent (close()), then go back to accept() for the next client.",
        sent, program, when);
  }
  if (f.detail == "reset")
    return fmt::format(
        "{} expected {} to {} the connection, and it reset it (an RST). A socket closed while "
        "what the other side sent is still unread resets the connection: read the whole "
        "request before you close it.",
        sent, program, want_open ? "keep open" : "close");
  return fmt::format("{} expected {} to {} the connection, and it closed it.", sent, program,
                     want_open ? "keep open" : "reset");
}

}  // namespace

std::string FramingWords(const peers::ScriptFailure& f, const std::string& program,
                         const std::string& sent) {
  switch (f.kind) {
    case Kind::kWrongLineEnd:
      return LineEnd(f, sent);
    case Kind::kBlockCount:
      return Count(f, sent);
    case Kind::kConnectionEnd:
      return End(f, program, sent);
    default:
      break;
  }
  return "";
}

Code FramingCode(const peers::ScriptFailure& f) {
  switch (f.kind) {
    case Kind::kWrongLineEnd:
      return Code::kWrongLineEnd;
    case Kind::kBlockCount:
      return Code::kLineCount;
    case Kind::kConnectionEnd:
      return f.detail == "open" ? Code::kKeptOpen : Code::kWrongConnectionEnd;
    default:
      break;
  }
  return Code::kGraderProblem;
}

}  // namespace netgrade::check
