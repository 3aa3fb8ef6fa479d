#include "harness/check/messages.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "harness/base/text.h"
#include "harness/check/letters.h"
#include "harness/check/repeated_line.h"
#include "harness/check/root_cause.h"

namespace netgrade::check {
namespace {

// Does `line` carry `message`: equal, or (on standard output) containing it, with a prompt
// or prefix before it and decoration after it, but not inside Python's b'...'.
bool Carries(std::string_view line, std::string_view message, bool allow_prefix) {
  if (!allow_prefix) return line == message;
  message = TrimRight(message);
  if (message.empty()) return TrimRight(line).empty();
  for (size_t at = line.find(message); at != std::string_view::npos;
       at = line.find(message, at + 1)) {
    bool in_bytes_repr =
        at >= 2 && line[at - 2] == 'b' && (line[at - 1] == '\'' || line[at - 1] == '"');
    if (!in_bytes_repr) return true;
  }
  return false;
}

// Whether `line` is `message` come back unchanged: the same line, or (with a prefix allowed) a
// line that ends with it. A line that goes on after the message ("www.example.com 10.0.0.7"
// for "www.example.com") is an answer of some kind, right or wrong, not an echo.
bool Echoes(std::string_view line, std::string_view message, bool allow_prefix) {
  if (!allow_prefix) return line == message;
  line = TrimRight(line);
  message = TrimRight(message);
  if (message.empty() || line.size() < message.size() ||
      line.substr(line.size() - message.size()) != message)
    return false;
  return Carries(
      line.substr(line.size() - message.size() >= 2 ? line.size() - message.size() - 2 : 0),
      message, true);
}

// How Python writes bytes inside b'...': printable ASCII as it is, \n \r \t \\ and \'
// escaped, every other byte as \xhh.
std::string PythonBytesBody(std::string_view bytes) {
  std::string out;
  for (unsigned char ch : bytes) {
    switch (ch) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (ch >= 0x20 && ch < 0x7f)
          out += static_cast<char>(ch);
        else
          out += fmt::format("\\x{:02x}", ch);
    }
  }
  return out;
}

std::string AsciiUpper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

// Python's repr of bytes starting with `message`: b'message', b"message", or the message
// then its newline escaped inside the quotes (b'hello\n', b'one\ntwo\n' for several); or the
// repr of what was sent (`sent`, when known) with all of it upper-cased (str(data).upper()
// gives B'HELLO\N', and B'CAF\XC3\XA9' for 'café'). nullopt when absent, else whether it
// was upper-cased.
std::optional<bool> InBytesRepr(std::string_view line, const std::string& message,
                                const std::string* sent) {
  if (message.empty()) return std::nullopt;
  for (bool upper : {false, true}) {
    std::string body =
        upper ? AsciiUpper(PythonBytesBody(sent ? *sent : message)) : PythonBytesBody(message);
    for (const char* quote : {"'", "\""}) {
      std::string start = (upper ? "B" : "b") + std::string(quote) + body;
      for (size_t at = line.find(start); at != std::string_view::npos;
           at = line.find(start, at + 1)) {
        std::string_view rest = line.substr(at + start.size());
        if (rest.rfind(quote, 0) == 0 || rest.rfind(upper ? "\\N" : "\\n", 0) == 0 ||
            rest.rfind(upper ? "\\R\\N" : "\\r\\n", 0) == 0)
          return upper;
      }
    }
  }
  return std::nullopt;
}

// The i-th expected message (and what it derives from) beside what came instead.
Difference Differing(const MessageCheck& c, size_t i, std::optional<std::string> received) {
  Difference d;
  if (i < c.sent.size()) d.sent = c.sent[i];
  if (i < c.expected.size()) d.expected = c.expected[i];
  d.received = std::move(received);
  return d;
}

Finding With(Finding f, Difference d) {
  f.difference = std::move(d);
  return f;
}

Phrase SentPart(const MessageCheck& c, size_t i) {
  if (i < c.sent.size()) return Say("for {} ", Quote(c.sent[i]));
  return "";
}

// Explains one wrong line when the way it is wrong is recognisable.
std::optional<Finding> ClassifyWrongLine(const MessageCheck& c, size_t i, const std::string& line) {
  const std::string& expected = c.expected[i];
  const bool p = c.allow_prefix;
  const Phrase got =
      Say("{}: {}expected {}, got {}.", c.source, SentPart(c, i), Quote(expected), Quote(line));
  if (i < c.sent.size()) {
    const std::string& sent = c.sent[i];
    if (sent != expected && Echoes(line, sent, p)) {
      // Upper-casing advice only where upper case is expected; a client printing what it
      // sent instead of the answer is told to print the answer.
      std::string fix =
          c.upper_expected ? "Convert it to upper case (e.g. text.upper()) before sending it back."
          : c.allow_prefix ? "Print the answer that came back, not the line that was sent."
                           : "Send the answer the exercise asks for, made from the message, not "
                             "the message itself.";
      return Finding{.code = Code::kEcho,
                     .cause = got,
                     .evidence = "This looks like an echo: the text came back unchanged.",
                     .fix = fix};
    }
    if (c.upper_expected &&
        ((Capitalize(sent) != expected && Carries(line, Capitalize(sent), p)) ||
         (FirstLetterUpper(sent) != expected && Carries(line, FirstLetterUpper(sent), p))))
      return Finding{.code = Code::kFirstLetterOnly,
                     .cause = got,
                     .evidence =
                         "Only the first letter was capitalized (that is what capitalize() does); "
                         "every letter must be upper case: use upper()."};
  }
  if (std::optional<bool> upper =
          InBytesRepr(line, expected, i < c.sent.size() ? &c.sent[i] : nullptr)) {
    if (*upper)  // str(data).upper(): the representation itself was upper-cased and sent
      return Finding{.code = Code::kBytesRepr,
                     .cause = got,
                     .evidence =
                         "That is Python's bytes representation b'...' turned into text: str(data) "
                         "does not decode, it writes b'...' around the text and \\n for its "
                         "newline.",
                     .fix = c.upper_expected
                                ? "Decode the data instead: data.decode().upper().encode()."
                                : "Decode the data instead: data.decode()."};
    return Finding{.code = Code::kBytesRepr,
                   .cause = got,
                   .evidence =
                       "It printed Python's bytes representation b'...'; decode the data "
                       "first: data.decode()."};
  }
  return std::nullopt;
}

// A line holding two or more consecutive expected messages glued together.
std::optional<Finding> FindRunTogether(const MessageCheck& c,
                                       const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    for (size_t i = 0; i + 1 < c.expected.size(); ++i) {
      for (const char* sep : {"", " ", "\n"}) {
        std::string glued = c.expected[i] + sep + c.expected[i + 1];
        if (line.find(glued) != std::string::npos && !c.expected[i].empty())
          return Finding{
              .code = Code::kRunTogether,
              .cause = Say("{}: {} and {} arrived as one line {}.", c.source, Quote(c.expected[i]),
                           Quote(c.expected[i + 1]), Quote(line, 80)),
              .fix =
                  "Messages ran together: end every message with a newline ('\\n'), and "
                  "split what you receive at newlines (one recv() is not one message).",
              .difference = Differing(c, i, line)};
      }
    }
  }
  return std::nullopt;
}

// Indices of the lines carrying each expected message in order; stops at the first miss.
std::vector<size_t> MatchInOrder(const MessageCheck& c) {
  std::vector<size_t> at;
  size_t next = 0;
  for (const std::string& expected : c.expected) {
    size_t j = next;
    while (j < c.actual.size() && !Carries(c.actual[j], expected, c.allow_prefix)) {
      if (!c.allow_prefix) return at;  // exact mode: lines must line up one to one
      ++j;
    }
    if (j == c.actual.size()) return at;
    at.push_back(j);
    next = j + 1;
  }
  return at;
}

bool AllPresentInAnyOrder(const MessageCheck& c) {
  if (!c.allow_prefix && c.actual.size() != c.expected.size()) return false;
  std::vector<bool> used(c.actual.size(), false);
  for (const std::string& expected : c.expected) {
    bool found = false;
    for (size_t j = 0; j < c.actual.size() && !found; ++j) {
      if (!used[j] && Carries(c.actual[j], expected, c.allow_prefix)) used[j] = found = true;
    }
    if (!found) return false;
  }
  return true;
}

// `got` is the start of `expected`: who cut it short depends on who received it.
bool CutShort(const std::string& expected, const std::string& got) {
  return !got.empty() && got.size() < expected.size() && expected.rfind(got, 0) == 0;
}

// What a line cut short tells and what to change: {evidence, fix}.
std::pair<std::string, std::string> ShortLineHint(const MessageCheck& c,
                                                  const std::string& expected,
                                                  const std::string& got) {
  if (!CutShort(expected, got)) return {};
  if (!c.peer_received)
    return {"",
            fmt::format("Only the first {} of its {} bytes came: read until the newline, not one "
                        "recv().",
                        got.size(), expected.size())};
  if (expected[got.size()] == ' ')
    return {
        "Your program sent only the first word of the line: scanf(\"%s\") (and split()) "
        "read one word.",
        "Read the whole line: fgets() in C, input() in Python."};
  return {"", fmt::format("Your program sent only the first {} of its {} bytes: is the buffer "
                          "you read the line into too small, or did one send() send less than "
                          "asked (use sendall())?",
                          got.size(), expected.size())};
}

// Only white space differs, and some is missing: strip() applied to each piece recv() returned.
// {evidence, fix}.
std::pair<std::string, std::string> SpacesLostHint(const std::string& expected,
                                                   const std::string& got) {
  auto squeeze = [](const std::string& s) {
    std::string out;
    for (char ch : s)
      if (!std::isspace(static_cast<unsigned char>(ch))) out += ch;
    return out;
  };
  if (got.size() >= expected.size() || squeeze(got) != squeeze(expected)) return {};
  return {fmt::format("Only spaces differ: {} are missing.", expected.size() - got.size()),
          "Does the program strip() each piece that recv() returns? A long line comes in several "
          "pieces; strip only the whole line."};
}

bool Blank(const std::vector<std::string>& lines) {
  return std::all_of(lines.begin(), lines.end(),
                     [](const std::string& l) { return TrimRight(l).empty(); });
}

}  // namespace

Finding CompareMessages(const MessageCheck& c) {
  std::vector<size_t> at = MatchInOrder(c);
  if (at.size() == c.expected.size()) {
    if (std::optional<Finding> again = RepeatedLine(c)) return *again;
    if (c.allow_prefix || c.actual.size() == c.expected.size()) return Finding::Ok();
    return Finding{.code = Code::kExtraMessage,
                   .cause = Say("{} every expected message, then more: {}.", c.source,
                                QuoteList({c.actual.begin() + c.expected.size(), c.actual.end()})),
                   .evidence = Say("Expected exactly {}.", QuoteList(c.expected)),
                   .difference = Differing(c, c.expected.size(), c.actual[c.expected.size()])};
  }
  if (Blank(c.actual))
    return Finding{
        .code = Code::kNoOutput,
        .cause = Say("{}: nothing at all; expected {}.", c.source, QuoteList(c.expected)),
        .difference = Differing(c, 0, std::nullopt)};
  if (AllPresentInAnyOrder(c)) {
    size_t j = 0;  // the first place where the order differs
    while (j + 1 < c.expected.size() && j + 1 < c.actual.size() && c.actual[j] == c.expected[j])
      ++j;
    return Finding{.code = Code::kWrongOrder,
                   .cause = Say("{} the right messages in the wrong order: {} (expected {}).",
                                c.source, QuoteList(c.actual, 6), QuoteList(c.expected, 6)),
                   .difference = Differing(
                       c, j, j < c.actual.size() ? std::optional(c.actual[j]) : std::nullopt)};
  }
  if (auto glued = FindRunTogether(c, c.actual)) return *glued;

  size_t i = at.size();  // the first expected message not found in order
  size_t from = at.empty() ? 0 : at.back() + 1;
  std::vector<std::string> rest(c.actual.begin() + std::min(from, c.actual.size()), c.actual.end());
  while (!rest.empty() && TrimRight(rest.back()).empty()) rest.pop_back();
  for (const std::string& line : rest)
    if (auto f = ClassifyWrongLine(c, i, line)) return With(*f, Differing(c, i, line));

  if (rest.empty()) {
    Phrase after = i == 0 ? Phrase("nothing came before it")
                          : Say("the last message that came was {}", Quote(c.expected[i - 1]));
    return Finding{.code = Code::kMissingMessage,
                   .cause = Say("{} only {} of the {} expected messages: {} never came ({}).",
                                c.source, i, c.expected.size(), Quote(c.expected[i]), after),
                   .difference = Differing(c, i, std::nullopt)};
  }
  // Prefer a line that is not a bare prompt as the one to show.
  const std::string* shown = &rest.front();
  for (const std::string& line : rest)
    if (!TrimRight(line).empty() && TrimRight(line).back() != ':') {
      shown = &line;
      break;
    }
  auto [evidence, fix] = ShortLineHint(c, c.expected[i], *shown);
  if (evidence.empty() && fix.empty() && !c.allow_prefix) {
    std::string where = FirstDifference(c.expected[i], *shown);
    if (!where.empty()) {
      auto [spaces, strip] = SpacesLostHint(c.expected[i], *shown);
      evidence = JoinParts({where, spaces});
      fix = strip;
    }
  }
  if (c.allow_prefix && evidence.empty() && fix.empty())
    return Finding{.code = Code::kWrongContent,
                   .cause = Say("{} {} where {} was expected{}.", c.source, QuoteList(rest, 3),
                                Quote(c.expected[i]),
                                i > 0 ? Say(" (after {})", Quote(c.expected[i - 1])) : Phrase("")),
                   .difference = Differing(c, i, *shown)};
  Phrase what = Say("{}: {}expected {}, got {}.", c.source, SentPart(c, i), Quote(c.expected[i]),
                    Quote(*shown));
  if (c.datagrams && !c.peer_received && CutShort(c.expected[i], *shown))
    return Finding{.code = Code::kTruncatedDatagram,
                   .cause = what,
                   .fix =
                       "It read the datagram into a buffer smaller than the datagram, and UDP "
                       "drops the rest: use recvfrom(65535).",
                   .difference = Differing(c, i, *shown)};
  if (c.upper_expected && i < c.sent.size())
    if (Finding minus = SubtractedBytes(c.sent[i], *shown); !minus.ok())
      return Finding{.code = minus.code,
                     .cause = minus.cause,
                     .fix = minus.fix,
                     .notes = {what},  // what came, after the fix as the words were
                     .difference = Differing(c, i, *shown)};
  if (c.upper_expected && i < c.sent.size() && UpperCasedBytewise(c.sent[i], *shown))
    return Finding{.code = Code::kAsciiOnlyUpper,
                   .cause = what,
                   .evidence = evidence,
                   .fix = JoinParts({fix, BytewiseUpperAdvice()}),
                   .difference = Differing(c, i, *shown)};
  return Finding{.code = Code::kWrongContent,
                 .cause = what,
                 .evidence = evidence,
                 .fix = fix,
                 .difference = Differing(c, i, *shown),
                 // What one read gave and no more (ShortLineHint): a conversation cut after its
                 // first answer is the same mistake.
                 .mistake = !c.peer_received && CutShort(c.expected[i], *shown) ? kOneRecv : ""};
}

}  // namespace netgrade::check
