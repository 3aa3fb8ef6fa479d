// TAP version 13 (testanything.org/tap-version-13-specification.html): the plan, a test line
// per case, and under each failure a YAML block a TAP consumer shows with it.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "harness/base/text.h"
#include "harness/report/report.h"

namespace netgrade::report {
namespace {

// A test line's description: one line, and no '#' that a consumer would take for the start
// of a directive (SKIP, TODO). A submission's name comes from a student.
std::string Description(const std::string& text) {
  std::string out;
  for (char c : EscapeText(text, std::string::npos)) {
    if (c == '#' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// A YAML scalar that stays one line and means exactly the text: a JSON string is a YAML
// double-quoted scalar, and with every non-ASCII character as \uXXXX no byte of it can end
// the line or the block. Visible() first turns invalid UTF-8 into readable escapes.
std::string Scalar(const std::string& text) {
  return nlohmann::json(Visible(text)).dump(-1, ' ', true);
}

struct Plan {
  std::string lines;
  int count = 0;
};

void AddCase(Plan* plan, const std::string& prefix, const check::CaseResult& c) {
  ++plan->count;
  // TAP's TODO directive: a failure that does not fail the run, as a case worth 0 points.
  bool todo = !c.graded() && c.verdict == check::Verdict::kFail;
  // TAP's SKIP directive: a case not run on this machine, with why on the same line.
  if (c.not_run()) {
    plan->lines +=
        fmt::format("ok {} - {}{} # SKIP {}\n", plan->count, Description(prefix),
                    Description(c.name), Description(c.message.substr(0, c.message.find('\n'))));
    return;
  }
  plan->lines += fmt::format("{} {} - {}{}{}\n", c.passed() ? "ok" : "not ok", plan->count,
                             Description(prefix), Description(c.name),
                             todo ? " # TODO not graded (0 points)" : "");
  if (c.passed()) return;
  std::string first_line = c.message.substr(0, c.message.find('\n'));
  std::string block = "  ---\n";
  block += "  message: " + Scalar(first_line) + "\n";
  block +=
      fmt::format("  severity: {}\n", c.verdict == check::Verdict::kGraderError ? "error" : "fail");
  block += "  data:\n";
  block += "    role: " + Scalar(c.role) + "\n";
  block += "    diagnosis: " + Scalar(std::string(check::CodeName(c.code))) + "\n";
  block += fmt::format("    score: {}\n    max_score: {}\n", c.score, c.max_score);
  block += fmt::format("    visibility: {}\n", spec::VisibilityName(c.visibility));
  block += "    explanation: " + Scalar(c.message) + "\n";
  if (!c.transcript.empty()) {
    block += "    transcript:\n";
    for (const std::string& line : c.transcript) block += "      - " + Scalar(line) + "\n";
  }
  plan->lines += block + "  ...\n";
}

void AddLayoutError(Plan* plan, const run::GradeOutcome& o) {
  ++plan->count;
  plan->lines +=
      fmt::format("not ok {} - {}layout\n", plan->count, Description(o.result.submission + ": "));
  plan->lines += "  ---\n  message: " + Scalar("Not graded: the submission's layout is wrong.") +
                 "\n  severity: fail\n  data:\n    explanation: " + Scalar(o.layout_error) +
                 "\n  ...\n";
}

std::string Score(const std::string& prefix, const check::GradeResult& r) {
  return fmt::format("# {}score {}/{} ({})\n", EscapeText(prefix, std::string::npos), r.score,
                     r.max_score, SeedNote(r.seed));
}

}  // namespace

std::string Tap(const check::GradeResult& result) {
  Plan plan;
  for (const check::CaseResult& c : result.cases) AddCase(&plan, "", c);
  return fmt::format("TAP version 13\n1..{}\n", plan.count) + plan.lines + Score("", result);
}

std::string TapClass(const std::vector<run::GradeOutcome>& outcomes) {
  Plan plan;
  std::string scores;
  for (const run::GradeOutcome& o : outcomes) {
    std::string prefix = o.result.submission + ": ";
    if (!o.layout_error.empty()) {
      AddLayoutError(&plan, o);
      continue;
    }
    for (const check::CaseResult& c : o.result.cases) AddCase(&plan, prefix, c);
    scores += Score(prefix, o.result);
  }
  return fmt::format("TAP version 13\n1..{}\n", plan.count) + plan.lines + scores;
}

}  // namespace netgrade::report
