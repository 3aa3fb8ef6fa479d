#include "harness/proxy/transcript.h"

#include <fmt/core.h>

#include <algorithm>

#include "harness/base/text.h"

namespace netgrade::proxy {
namespace {

constexpr size_t kMaxEntries = 2000;  // a flood is summarised by its first entries
constexpr size_t kStoredBytes = 120;  // of each datagram or write
constexpr size_t kShownChars = 40;

}  // namespace

const char* ActionName(Action a) {
  switch (a) {
    case Action::kPassed:
      return "passed";
    case Action::kDuplicated:
      return "duplicated";
    case Action::kDropped:
      return "dropped";
    case Action::kHeld:
      return "held";
    case Action::kReleased:
      return "released";
    case Action::kReset:
      return "reset";
    case Action::kNotForwarded:
      return "not_forwarded";
  }
  return "passed";
}

std::string QuoteExcerpt(std::string_view text, size_t max_chars) {
  bool cut = false;
  std::string body = EscapeText(text, max_chars, &cut);
  return "'" + body + (cut ? "...'" : "'");
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
                     e.words);
}

void Transcript::Add(plan::Direction d, int index, const char* data, size_t size, Action action,
                     std::string words) {
  if (full()) return;
  TranscriptEntry e;
  e.t_ms = std::chrono::duration<double, std::milli>(Clock::now() - start_).count();
  e.direction = d;
  e.index = index;
  e.size = size;
  e.text.assign(data, CutAtCharacter(data, size, kStoredBytes));
  e.action = action;
  e.words = words.empty() ? ActionName(action) : std::move(words);
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
