#include "harness/check/repeated_line.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "harness/base/text.h"

namespace netgrade::check {
namespace {

// The line is `message`, or a prompt or prefix then `message` ("From server: HELLO"): it
// ends with the message, and no word runs into it ("banana" does not end with the line "a").
// A line that only holds the message among other words is not counted: "Enter a line:" must
// not count as the line "a" printed again.
bool Ends(std::string_view line, std::string_view message) {
  if (message.empty() || line.size() < message.size()) return false;
  if (line.substr(line.size() - message.size()) != message) return false;
  if (line.size() == message.size()) return true;
  unsigned char before = static_cast<unsigned char>(line[line.size() - message.size() - 1]);
  unsigned char first = static_cast<unsigned char>(message.front());
  return !(std::isalnum(before) && std::isalnum(first));
}

}  // namespace

std::optional<Finding> RepeatedLine(const MessageCheck& c) {
  if (!c.allow_prefix) return std::nullopt;
  std::map<std::string_view, size_t> wanted;  // how often each message is expected
  for (const std::string& m : c.expected) ++wanted[TrimRight(m)];
  // Each line counts for the longest expected message it ends with (the line "HELLO WORLD"
  // is the message "HELLO WORLD", not also "WORLD").
  std::map<std::string_view, size_t> printed;
  for (const std::string& l : c.actual) {
    std::string_view line = TrimRight(l);
    std::string_view best;
    for (const auto& [m, n] : wanted)
      if (m.size() > best.size() && Ends(line, m)) best = m;
    if (best.empty() || ++printed[best] <= wanted[best]) continue;
    Difference d;
    d.received = l;
    return Finding{.code = Code::kExtraMessage,
                   .cause = Say("{} {} again: {} times, {} expected (the expected output: {}).",
                                c.source, Quote(best), printed[best],
                                wanted[best] == 1 ? std::string("once")
                                                  : fmt::format("{} times", wanted[best]),
                                QuoteList(c.expected, 6)),
                   .fix =
                       "Print each message once: one that comes again, such as a duplicate or a "
                       "retransmission, is not printed again.",
                   .difference = d};
  }
  return std::nullopt;
}

}  // namespace netgrade::check
