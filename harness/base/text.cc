#include "harness/base/text.h"

#include <fmt/core.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>

namespace netgrade {
namespace {

bool ValidUtf8(std::string_view text) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  std::string back;
  u.toUTF8String(back);
  return back == text;
}

std::string AsciiMap(std::string_view text, int (*f)(int)) {
  std::string out(text);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 128)
      c = static_cast<char>(f(static_cast<unsigned char>(c)));
  return out;
}

std::string FromIcu(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

std::string Upper(std::string_view text) {
  if (!ValidUtf8(text)) return AsciiMap(text, ::toupper);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  return FromIcu(u.toUpper(icu::Locale::getRoot()));
}

std::string AsciiLower(std::string_view text) { return AsciiMap(text, ::tolower); }

std::string Capitalize(std::string_view text) {
  if (text.empty()) return {};
  if (!ValidUtf8(text)) {
    std::string out = AsciiMap(text, ::tolower);
    if (static_cast<unsigned char>(out[0]) < 128) out[0] = static_cast<char>(::toupper(out[0]));
    return out;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  int32_t first_end = u.moveIndex32(0, 1);
  icu::UnicodeString head = u.tempSubString(0, first_end);
  icu::UnicodeString rest = u.tempSubString(first_end);
  head.toUpper(icu::Locale::getRoot());
  rest.toLower(icu::Locale::getRoot());
  return FromIcu(head) + FromIcu(rest);
}

std::string FirstLetterUpper(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isalpha(c) && c < 128) {
      std::string out(text);
      out[i] = static_cast<char>(::toupper(c));
      return out;
    }
  }
  return std::string(text);
}

std::vector<std::string> SplitLines(std::string_view text, bool keep_partial) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      if (keep_partial) lines.emplace_back(text.substr(start));
      break;
    }
    std::string_view line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    start = nl + 1;
  }
  return lines;
}

std::string_view TrimRight(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

size_t Utf8CharLength(std::string_view s, char32_t* code) {
  if (s.empty()) return 0;
  int32_t i = 0;
  int32_t length = static_cast<int32_t>(std::min<size_t>(s.size(), 4));
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, length, c);
  if (c < 0) return 0;
  if (code) *code = static_cast<char32_t>(c);
  return static_cast<size_t>(i);
}

size_t CutAtCharacter(const char* data, size_t size, size_t max) {
  if (size <= max) return size;
  size_t cut = max;
  while (cut > 0 && max - cut < 3 && Utf8Continuation(data[cut])) --cut;
  return cut;
}

namespace {

// Characters that change how a terminal shows what follows them, or that XML forbids.
bool Hidden(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0xFFFE || c == 0xFFFF;
}

}  // namespace

std::string EscapeText(std::string_view text, size_t max_chars, bool* cut, bool keep_line_breaks) {
  std::string out;
  out.reserve(std::min(text.size(), max_chars));
  size_t shown = 0, i = 0;
  if (cut) *cut = false;
  while (i < text.size()) {
    if (shown == max_chars) {
      if (cut) *cut = true;
      return out;
    }
    char32_t c = 0;
    size_t n = Utf8CharLength(text.substr(i), &c);
    if (n == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
      n = 1;
    } else if ((c == '\n' || c == '\t') && keep_line_breaks) {
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (Hidden(c)) {
      out += c < 0x80 ? fmt::format("\\x{:02x}", static_cast<unsigned>(c))
                      : fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
    ++shown;
  }
  return out;
}

std::string Visible(std::string_view text) {
  return EscapeText(text, std::string_view::npos, nullptr, true);
}

std::string Quote(std::string_view text, size_t max_chars) {
  bool cut = false;
  std::string body = EscapeText(text, max_chars, &cut);
  return cut ? fmt::format("'{}...' ({} bytes)", body, text.size()) : "'" + body + "'";
}

std::string FirstDifference(std::string_view expected, std::string_view got, size_t max_chars) {
  if (expected == got || (expected.size() <= max_chars && got.size() <= max_chars)) return "";
  auto continuation = [](std::string_view s, size_t i) {
    return i < s.size() && Utf8Continuation(s[i]);
  };
  size_t at = 0;
  while (at < expected.size() && at < got.size() && expected[at] == got[at]) ++at;
  while (at > 0 && continuation(expected, at)) --at;  // whole UTF-8 characters only
  size_t character = 0;  // counted in characters, as an editor shows them
  for (size_t i = 0; i < at; ++i) character += !continuation(expected, i);
  constexpr size_t kBefore = 20, kAfter = 20;
  size_t from = at > kBefore ? at - kBefore : 0;
  while (from > 0 && continuation(expected, from)) --from;
  auto around = [&](std::string_view s) {
    size_t end = std::min(s.size(), at + kAfter);
    while (continuation(s, end)) ++end;
    std::string out = from > 0 ? "..." : "";
    std::string_view piece = s.substr(std::min(from, s.size()), end - std::min(from, s.size()));
    out += EscapeText(piece, piece.size());
    if (end < s.size()) out += "...";
    return "'" + out + "'";
  };
  if (at == got.size())
    return fmt::format(
        "The first {} characters are right, then it ends, where {} more bytes were expected: {}.",
        character, expected.size() - at, around(expected));
  return fmt::format("They first differ at character {}: expected {}, got {}.", character + 1,
                     around(expected), around(got));
}

std::string QuoteList(const std::vector<std::string>& items, size_t max_items) {
  std::string out;
  size_t shown = std::min(items.size(), max_items);
  for (size_t i = 0; i < shown; ++i) {
    if (i > 0) out += (i + 1 == shown && shown == items.size()) ? " and " : ", ";
    out += Quote(items[i]);
  }
  if (shown < items.size()) out += fmt::format(" and {} more", items.size() - shown);
  return out;
}

std::string QuoteItems(const std::vector<std::string>& items, size_t max_items) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < max_items; ++i) {
    std::string item = items[i].size() > 50
                           ? items[i].substr(0, 47) + fmt::format("... ({} bytes)", items[i].size())
                           : items[i];
    out += (i == 0 ? "" : ", ") + fmt::format("'{}'", item);
  }
  if (items.size() > max_items) out += fmt::format(" and {} more", items.size() - max_items);
  return out;
}

std::string Tail(std::string_view text, size_t max_lines) {
  std::vector<std::string> lines = SplitLines(text);
  while (!lines.empty() && TrimRight(lines.back()).empty()) lines.pop_back();
  size_t first = lines.size() > max_lines ? lines.size() - max_lines : 0;
  std::string out;
  for (size_t i = first; i < lines.size(); ++i) {
    out += "    ";
    out += lines[i].size() > 200 ? lines[i].substr(0, 200) + "..." : lines[i];
    out += '\n';
  }
  return out;
}

std::string Ordinal(size_t n) {
  static const char* const kWords[] = {"first", "second",  "third",  "fourth", "fifth",
                                       "sixth", "seventh", "eighth", "ninth",  "tenth"};
  if (n >= 1 && n <= 10) return kWords[n - 1];
  const char* suffix = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    if (n % 10 == 1) suffix = "st";
    if (n % 10 == 2) suffix = "nd";
    if (n % 10 == 3) suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

}  // namespace netgrade
