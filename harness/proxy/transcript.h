// What crossed the proxy, in order: when, which way, how big, the text (cut), and what the
// fault plan did with it. Shown under a failing case and in the JSON report.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/plan/fault_plan.h"

namespace netgrade::proxy {

// What the proxy did with a datagram or write. Decisions read this, never `words`.
enum class Action {
  kPassed,        // passed on (perhaps delayed or sliced)
  kDuplicated,    // passed on more than once
  kDropped,       // not passed on: the plan dropped it
  kHeld,          // kept back, to be released later (reordering, coalescing)
  kReleased,      // a held datagram or merged writes, passed on now
  kReset,         // the connection was reset at or within it (reset_after)
  kNotForwarded,  // the grader could not carry it (its own limit): the grader's loss
};

// "passed", "dropped", ...: the action's name in the JSON report.
const char* ActionName(Action a);

struct TranscriptEntry {
  double t_ms = 0;  // since the proxy started
  plan::Direction direction = plan::Direction::kToStudent;
  int index = 0;  // 1-based, per direction
  size_t size = 0;
  std::string text;  // the first bytes, cut at a UTF-8 character boundary
  Action action = Action::kPassed;
  std::string words;  // the action for a person: "dropped (plan: #1)", "held back until ..."
};

class Transcript {
 public:
  Transcript() : start_(Clock::now()) {}
  // `words` says what happened for a person; empty: the action's name.
  void Add(plan::Direction d, int index, const char* data, size_t size, Action action,
           std::string words = "");
  // True once Add ignores further entries (a flood is summarised by its first entries), so
  // a caller can skip composing the action.
  bool full() const;
  const std::vector<TranscriptEntry>& entries() const { return entries_; }
  // When the proxy started: what entries' t_ms count from.
  TimePoint start() const { return start_; }
  // Entry i as one line: "   12.3 ms  to student    #1   11 B  'hello world'  dropped".
  std::string Line(size_t i) const { return Format(entries_[i], true); }
  // Every entry, one line each.
  std::vector<std::string> Lines() const;
  // The same without times, for comparing runs.
  std::vector<std::string> LinesWithoutTimes() const;
  // How the two directions are named in lines (default "to student", "from student").
  void SetLabels(std::string to_student, std::string from_student);

 private:
  std::string Format(const TranscriptEntry& e, bool with_time) const;
  std::string to_label_ = "to student";
  std::string from_label_ = "from student";
  TimePoint start_;
  std::vector<TranscriptEntry> entries_;
};

// 'text' in single quotes for a transcript line: control bytes and invalid UTF-8 escaped
// (\n, \x01), cut after max_chars characters, never inside one, with "..." when cut.
std::string QuoteExcerpt(std::string_view text, size_t max_chars);

}  // namespace netgrade::proxy
