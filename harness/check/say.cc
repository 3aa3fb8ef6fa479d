#include "harness/check/say.h"

#include <fmt/format.h>

#include <ostream>

// fmt::formatter<CasePort> writes the port as formatter<unsigned> does, whose format() fmt 9
// defines in fmt/format.h: instantiated here once, so that say.h, which every finding's maker
// includes, needs fmt/core.h alone.
template auto fmt::formatter<unsigned, char>::format<fmt::format_context>(
    const unsigned&, fmt::format_context&) const -> fmt::appender;

namespace netgrade::check {

void PrintTo(const Phrase& words, std::ostream* os) {
  *os << '"' << words.text() << '"';
  if (!words.shape().empty()) *os << " (shape \"" << words.shape() << "\")";
}

namespace say {

std::string Fill(fmt::string_view format, const std::string* pieces, size_t n) {
  std::string out;
  size_t next = 0;  // the argument of the next automatic field
  const char* p = format.data();
  const char* end = p + format.size();
  while (p < end) {
    char c = *p++;
    if ((c == '{' || c == '}') && p < end && *p == c) {  // "{{", "}}": one brace
      out += c;
      ++p;
      continue;
    }
    if (c != '{') {
      out += c;
      continue;
    }
    // A replacement field: its argument's id (digits, or none for the next one), then its
    // spec up to the brace that closes it (a spec may hold a nested field: "{:{}}").
    size_t id = 0;
    bool numbered = false;
    while (p < end && *p >= '0' && *p <= '9') {
      id = id * 10 + static_cast<size_t>(*p++ - '0');
      numbered = true;
    }
    if (!numbered) id = next++;
    for (int depth = 1; p < end && depth > 0; ++p) depth += *p == '{' ? 1 : *p == '}' ? -1 : 0;
    out += id < n ? pieces[id] : "{}";
  }
  return out;
}

}  // namespace say
}  // namespace netgrade::check
