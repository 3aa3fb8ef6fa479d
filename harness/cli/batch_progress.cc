#include "harness/cli/batch_progress.h"

#include <fmt/core.h>

#include "harness/base/text.h"

namespace netgrade::cli {
namespace {

// A student's folder name on one line of a terminal or a log: every control character,
// newlines included, shown as an escape.
std::string Name(const std::string& name) { return EscapeText(name, 80); }

std::string Score(const run::GradeOutcome& outcome) {
  switch (run::StatusOf(outcome)) {
    case run::Status::kLayoutError:  // its first line: the rest is in the result file
      return "layout error: " +
             EscapeText(outcome.layout_error.substr(0, outcome.layout_error.find('\n')), 160);
    case run::Status::kGraderError:
      return "grader error (no score)";
    case run::Status::kPassed:
    case run::Status::kFailed:
      break;
  }
  return fmt::format("{} {}/{}", run::StatusName(run::StatusOf(outcome)), outcome.result.score,
                     outcome.result.max_score);
}

// The first ERROR case's explanation: what went wrong in the grader.
std::string GraderProblem(const run::GradeOutcome& outcome) {
  for (const check::CaseResult& c : outcome.result.cases)
    if (c.verdict == check::Verdict::kGraderError)
      return fmt::format("case {}: {}", c.name, EscapeText(c.message, 300));
  return "";
}

}  // namespace

std::string ShortDuration(std::chrono::steady_clock::duration d) {
  long s = static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(d).count());
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60);
}

std::string Estimate(const run::BatchEvent& e) {
  size_t timed = e.done - e.resumed;
  if (timed == 0 || e.done >= e.total) return "";
  auto left = e.elapsed / timed * (e.total - e.done);
  return "about " + ShortDuration(left) + " left";
}

std::string ProgressText(const run::BatchEvent& e, bool terminal) {
  std::string estimate = Estimate(e);
  std::string counts =
      fmt::format("{}/{} done, {} failed{}, {} elapsed{}", e.done, e.total, e.failed,
                  e.grader_errors ? fmt::format(", {} grader errors", e.grader_errors) : "",
                  ShortDuration(e.elapsed), estimate.empty() ? "" : ", " + estimate);
  std::string message;
  if (e.kind == run::BatchEvent::kStarted) {
    message = e.resumed == 0 ? fmt::format("netgrade: {} submissions to grade\n", e.total)
                             : fmt::format(
                                   "netgrade: {} of {} submissions to grade ({} graded by an "
                                   "earlier run)\n",
                                   e.total - e.resumed, e.total, e.resumed);
    return terminal ? message + "netgrade: " + counts : message;
  }
  if (e.kind == run::BatchEvent::kRetrying)
    message =
        fmt::format("netgrade: {}: the grader itself failed ({}); graded again after the others\n",
                    Name(e.name), GraderProblem(*e.outcome));
  else if (run::StatusOf(*e.outcome) == run::Status::kGraderError)
    message = fmt::format(
        "netgrade: {}: the grader failed again ({}): recorded as grader_error, not as a score; "
        "--resume grades it again\n",
        Name(e.name), GraderProblem(*e.outcome));
  if (terminal) return "\r\033[K" + message + "netgrade: " + counts;
  if (e.kind == run::BatchEvent::kRetrying) return message;
  return message + fmt::format("netgrade: [{}/{}] {}: {} ({})\n", e.done, e.total, Name(e.name),
                               Score(*e.outcome), counts);
}

}  // namespace netgrade::cli
