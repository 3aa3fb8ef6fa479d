#include "harness/check/script_words.h"

#include <fmt/core.h>

#include "harness/base/text.h"

namespace netgrade::check {

using Kind = peers::ScriptFailure::Kind;

bool IsFramingFailure(Kind kind) {
  return kind == Kind::kWrongLineEnd || kind == Kind::kBlockCount || kind == Kind::kConnectionEnd;
}

namespace {

Phrase LineEnd(const peers::ScriptFailure& f, const Phrase& sent) {
  Phrase got = f.received ? Phrase(Quote(*f.received)) : Phrase("a line");
  if (f.detail == "\\n")
    return Say(
        "{} expected {} and got {}, but that line ended with \\n alone; HTTP and SMTP lines end "
        "with \\r\\n: send \"\\r\\n\" at the end of each line, not \"\\n\".",
        sent, f.expected, got);
  return Say(
      "{} expected {} and got {}, but that line ended with \\r\\n; here a line ends with \\n "
      "alone: send \"\\n\" at its end, not \"\\r\\n\".",
      sent, f.expected, got);
}

Phrase Count(const peers::ScriptFailure& f, const Phrase& sent) {
  bool few = f.detail == "at least";
  return Say("{} expected {} {} line{} before {} and got {}{}.", sent, f.detail, f.count,
             f.count == 1 ? "" : "s", f.expected, f.got,
             few ? Phrase("") : Say(" (the last: {})", Quote(f.received.value_or(""))));
}

Phrase End(const peers::ScriptFailure& f, const std::string& program, const Phrase& sent) {
  const bool want_open = f.expected.empty() ? false : f.expected == "open";
  if (f.detail == "open") {
    Phrase when = f.count > 0 ? Say(" within {} ms", f.count) : Phrase(" and was seen waiting");
    return Say(
        "{} expected {} to close the connection, but it kept it open{}: a client waits for the "
        "end of the answer until the connection closes. Close the connection's socket once the "
        "answer is sent (close()), then go back to accept() for the next client.",
        sent, program, when);
  }
  if (f.detail == "reset")
    return Say(
        "{} expected {} to {} the connection, and it reset it (an RST). A socket closed while "
        "what the other side sent is still unread resets the connection: read the whole "
        "request before you close it.",
        sent, program, want_open ? "keep open" : "close");
  return Say("{} expected {} to {} the connection, and it closed it.", sent, program,
             want_open ? "keep open" : "reset");
}

}  // namespace

Phrase FramingWords(const peers::ScriptFailure& f, const std::string& program, const Phrase& sent) {
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
