#include "harness/net/transcript.h"

#include <fmt/core.h>

#include "harness/check/text.h"

namespace netgrade::net {
namespace {

constexpr size_t kMaxEntries = 2000;  // a flood is summarised by its first entries

}  // namespace

void Transcript::SetLabels(std::string to_student, std::string from_student) {
  to_label_ = std::move(to_student);
  from_label_ = std::move(from_student);
}

std::string Transcript::Line(const TranscriptEntry& e, bool with_time) const {
  size_t width = std::max(to_label_.size(), from_label_.size());
  const std::string& way = e.direction == faults::Direction::kToStudent ? to_label_ : from_label_;
  std::string head = with_time ? fmt::format("{:9.1f} ms  ", e.t_ms) : "";
  return fmt::format("{}{:<{}}  #{:<3} {:>6} B  {}  {}", head, way, width, e.index, e.size, check::Quote(e.text, 40),
                     e.action);
}

void Transcript::Add(faults::Direction d, int index, const char* data, size_t size, std::string action) {
  if (entries_.size() >= kMaxEntries) return;
  TranscriptEntry e;
  e.t_ms = std::chrono::duration<double, std::milli>(Clock::now() - start_).count();
  e.direction = d;
  e.index = index;
  e.size = size;
  e.text.assign(data, std::min<size_t>(size, 120));
  e.action = std::move(action);
  entries_.push_back(std::move(e));
}

std::vector<std::string> Transcript::Lines() const {
  std::vector<std::string> out;
  for (const TranscriptEntry& e : entries_) out.push_back(Line(e, true));
  return out;
}

std::vector<std::string> Transcript::LinesWithoutTimes() const {
  std::vector<std::string> out;
  for (const TranscriptEntry& e : entries_) out.push_back(Line(e, false));
  return out;
}

}  // namespace netgrade::net
