#include "harness/check/result.h"

#include <fmt/core.h>

#include "harness/base/text.h"

namespace netgrade::check {

std::string RenderedMessage(const CaseResult& r) {
  std::vector<Phrase> parts = {r.cause, r.evidence, r.fix};
  parts.insert(parts.end(), r.finding_notes.begin(), r.finding_notes.end());
  return JoinParts(parts);
}

bool GradeResult::all_passed() const {
  for (const CaseResult& c : cases)
    if (!c.passed() && (c.graded() || c.verdict == Verdict::kGraderError)) return false;
  return true;
}

bool GradeResult::grader_error() const {
  for (const CaseResult& c : cases)
    if (c.verdict == Verdict::kGraderError) return true;
  return false;
}

size_t GradeResult::not_run() const {
  size_t n = 0;
  for (const CaseResult& c : cases) n += c.not_run() ? 1 : 0;
  return n;
}

std::string NotRunSummary(const GradeResult& result, const std::string& who) {
  const CaseResult* first = nullptr;
  for (const CaseResult& c : result.cases)
    if (c.not_run() && first == nullptr) first = &c;
  if (first == nullptr) return "";
  size_t n = result.not_run();
  return fmt::format("netgrade: {}{} of {} case{} not run on this machine (exit status 2): {}\n",
                     who.empty() ? "" : EscapeText(who, 200) + ": ", n, result.cases.size(),
                     result.cases.size() == 1 ? "" : "s", EscapeText(first->message, 600));
}

std::string GraderErrorSummary(const GradeResult& result, const std::string& who) {
  std::string lines;
  size_t errors = 0;
  for (const CaseResult& c : result.cases) {
    if (c.verdict != Verdict::kGraderError) continue;
    ++errors;
    // The message may quote the program's output: one line, escaped, cut.
    lines += fmt::format("  {}: {}\n", EscapeText(c.name, 80),
                         EscapeText(c.message.substr(0, c.message.find('\n')), 300));
  }
  if (errors == 0) return "";
  return fmt::format(
      "netgrade: {}{} of {} case{} could not be graded (the grader failed, not the "
      "program; exit status 3):\n{}",
      who.empty() ? "" : EscapeText(who, 200) + ": ", errors, result.cases.size(),
      result.cases.size() == 1 ? "" : "s", lines);
}

}  // namespace netgrade::check
