// What every format shares: the names --format takes, and the dispatch to each writer.
#include "harness/report/report.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace netgrade::report {

const std::vector<std::string>& FormatNames() {
  static const std::vector<std::string> kNames = {"text", "json",   "junit", "gradescope",
                                                  "tap",  "github", "html"};
  return kNames;
}

std::optional<Format> ParseFormat(const std::string& name) {
  static const Format kFormats[] = {Format::kText,       Format::kJson, Format::kJunit,
                                    Format::kGradescope, Format::kTap,  Format::kGithub,
                                    Format::kHtml};
  const std::vector<std::string>& names = FormatNames();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return kFormats[i];
  return std::nullopt;
}

std::string ProxyBlock(const check::CaseResult& c) {
  bool plan_first =
      !c.fault_plan.empty() && !c.transcript.empty() && c.transcript.front() == c.fault_plan;
  if (c.transcript.size() == (plan_first ? 1u : 0u))
    return plan_first ? "\n" + c.fault_plan + "; nothing crossed " + c.crossed + ".\n" : "";
  std::string out = "\nWhat crossed " + c.crossed + ":\n";
  for (const std::string& line : c.transcript) out += "  " + line + "\n";
  return out;
}

std::string NotesBlock(const check::CaseResult& c) {
  std::string out;
  for (const std::string& note : c.notes) out += "\nNote: " + note + "\n";
  return out;
}

std::string HiddenDetails(const check::CaseResult& c) {
  // Why a case was not run on this machine tells nothing of the case: always said.
  if (c.not_run()) return "";
  switch (c.visibility) {
    case spec::Visibility::kVisible:
      return "";
    case spec::Visibility::kHidden:
      return "details hidden";
    case spec::Visibility::kAfterDueDate:
      return "details hidden until after the due date";
    case spec::Visibility::kAfterPublished:
      return "details hidden until the grades are published";
  }
  return "details hidden";
}

std::string CasesOutcome(size_t failed, size_t total) {
  if (total == 1) return failed == 0 ? "the only case passed" : "the only case failed";
  if (failed == 0) return fmt::format("all {} cases passed", total);
  return fmt::format("{} of {} cases failed", failed, total);
}

std::string CasesOutcome(const check::GradeResult& result) {
  CaseCounts counts;
  for (const check::CaseResult& c : result.cases) counts.Add(c);
  return CasesOutcome(counts);
}

std::string CasesOutcome(const CaseCounts& n) {
  std::string out = n.graded == 0 && (n.ungraded > 0 || n.not_run > 0)
                        ? "no case is graded"
                        : CasesOutcome(n.failed, n.graded);
  if (n.not_run > 0)
    out += fmt::format(" ({}{} not run on this machine)", n.graded + n.ungraded > 0 ? "and " : "",
                       n.not_run);
  if (n.ungraded == 0) return out;
  std::string which = n.ungraded_failed == 0 ? (n.ungraded == 1 ? "which passed" : "all passed")
                      : n.ungraded_failed == n.ungraded
                          ? (n.ungraded == 1 ? "which failed" : "all failed")
                          : fmt::format("{} failed", n.ungraded_failed);
  return fmt::format("{} (and {} not graded, {})", out, n.ungraded, which);
}

std::string SeedNote(uint64_t seed) {
  return fmt::format(
      "seed {}: --seed {} repeats netgrade's messages and faults, not a program's own random "
      "choices",
      seed, seed);
}

std::string CaptureWords(const check::Capture& capture) {
  std::string out = fmt::format("{} packet{}", capture.packets, capture.packets == 1 ? "" : "s");
  if (capture.fault_comments > 0)
    out += fmt::format(", {} of them with what the fault plan did", capture.fault_comments);
  if (capture.left_out > 0)
    out += fmt::format("; {} more not kept, past its bound", capture.left_out);
  return "(" + out + "; Wireshark opens it)";
}

std::string Write(const check::GradeResult& result, Format format, const Rerun& rerun) {
  switch (format) {
    case Format::kText: {
      TextOptions options;
      options.rerun = rerun;
      return Text(result, options);
    }
    case Format::kJson:
      return Json(result);
    case Format::kJunit:
      return Junit(result);
    case Format::kGradescope:
      return Gradescope(result);
    case Format::kTap:
      return Tap(result);
    case Format::kGithub:
      return Github(result);
    case Format::kHtml:
      return Html(result, rerun);
  }
  return Text(result);
}

std::string WriteClass(const std::vector<run::GradeOutcome>& outcomes, Format format,
                       bool verbose) {
  switch (format) {
    case Format::kText:
      return TextClass(outcomes, verbose);
    case Format::kJson:
      return JsonClass(outcomes);
    case Format::kJunit:
      return JunitClass(outcomes);
    case Format::kGradescope:
      return GradescopeClass(outcomes);
    case Format::kTap:
      return TapClass(outcomes);
    case Format::kGithub:
      return GithubClass(outcomes);
    case Format::kHtml:
      return HtmlClass(outcomes);
  }
  return TextClass(outcomes, verbose);
}

}  // namespace netgrade::report
