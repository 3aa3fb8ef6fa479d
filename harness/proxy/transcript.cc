#include "harness/proxy/transcript.h"

#include <fmt/core.h>

#include <algorithm>

namespace netgrade::proxy {
namespace {

constexpr size_t kMaxEntries = 2000;  // a flood is summarised by its first entries
constexpr size_t kStoredBytes = 120;  // of each datagram or write
constexpr size_t kShownChars = 40;

// The length of the valid UTF-8 character at the start of s, or 0 when it is not one.
size_t Utf8Length(std::string_view s) {
  unsigned char c = static_cast<unsigned char>(s[0]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || n > s.size()) return 0;
  for (size_t i = 1; i < n; ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xc0) != 0x80) return 0;
  return n;
}

// The longest prefix of data[0, size) of at most max bytes that does not end inside a
// UTF-8 character: if the first byte left out continues a character, that character is left
// out whole (backing off at most 3 bytes, so binary data is cut near max too).
size_t CutAtCharacter(const char* data, size_t size, size_t max) {
  if (size <= max) return size;
  size_t cut = max;
  while (cut > 0 && max - cut < 3 && (static_cast<unsigned char>(data[cut]) & 0xc0) == 0x80) --cut;
  return cut;
}

}  // namespace

std::string QuoteExcerpt(std::string_view text, size_t max_chars) {
  std::string out = "'";
  size_t shown = 0, i = 0;
  while (i < text.size()) {
    if (shown == max_chars) return out + "...'";
    unsigned char u = static_cast<unsigned char>(text[i]);
    size_t n = Utf8Length(text.substr(i));
    if (u == '\n')
      out += "\\n";
    else if (u == '\r')
      out += "\\r";
    else if (u == '\t')
      out += "\\t";
    else if (n == 0 || u < 32 || u == 127)
      out += fmt::format("\\x{:02x}", u);
    else
      out.append(text.substr(i, n));
    i += n == 0 ? 1 : n;
    ++shown;
  }
  return out + "'";
}

void Transcript::SetLabels(std::string to_student, std::string from_student) {
  to_label_ = std::move(to_student);
  from_label_ = std::move(from_student);
}

bool Transcript::full() const { return entries_.size() >= kMaxEntries; }

std::string Transcript::Format(const TranscriptEntry& e, bool with_time) const {
  size_t width = std::max(to_label_.size(), from_label_.size());
  const std::string& way = e.direction == plan::Direction::kToStudent ? to_label_ : from_label_;
  std::string head = with_time ? fmt::format("{:9.1f} ms  ", e.t_ms) : "";
  // The size is given once, in the column; the excerpt may be shorter than the data.
  std::string quoted = QuoteExcerpt(e.text, kShownChars);
  if (e.text.size() < e.size && quoted.size() >= 4 &&
      quoted.compare(quoted.size() - 4, 4, "...'") != 0)
    quoted.insert(quoted.size() - 1, "...");  // stored text ended before the data did
  return fmt::format("{}{:<{}}  #{:<3} {:>6} B  {}  {}", head, way, width, e.index, e.size, quoted,
                     e.action);
}

void Transcript::Add(plan::Direction d, int index, const char* data, size_t size,
                     std::string action) {
  if (full()) return;
  TranscriptEntry e;
  e.t_ms = std::chrono::duration<double, std::milli>(Clock::now() - start_).count();
  e.direction = d;
  e.index = index;
  e.size = size;
  e.text.assign(data, CutAtCharacter(data, size, kStoredBytes));
  e.action = std::move(action);
  entries_.push_back(std::move(e));
}

std::vector<std::string> Transcript::Lines() const {
  std::vector<std::string> out;
  for (const TranscriptEntry& e : entries_) out.push_back(Format(e, true));
  return out;
}

std::vector<std::string> Transcript::LinesWithoutTimes() const {
  std::vector<std::string> out;
  for (const TranscriptEntry& e : entries_) out.push_back(Format(e, false));
  return out;
}

}  // namespace netgrade::proxy
