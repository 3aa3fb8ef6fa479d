// Writers of a grading result, one per format. They only read the result (but
// AppendGithubStepSummary, which writes the file GitHub names).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/check/result.h"
#include "harness/report/rerun.h"
#include "harness/run/grade.h"

namespace netgrade::report {

enum class Format { kText, kJson, kJunit, kGradescope, kTap, kGithub, kHtml };

// The names --format takes ("text", "json", "junit", "gradescope", "tap", "github", "html"),
// in that order, for every command that writes a report.
const std::vector<std::string>& FormatNames();
// The format of a name from FormatNames(); nullopt for any other.
std::optional<Format> ParseFormat(const std::string& name);

// For a report a student reads: "" when the details of a case (its explanation and
// transcript) may be shown, else the words that stand for them: "details hidden",
// "details hidden until after the due date", "details hidden until the grades are published".
std::string HiddenDetails(const check::CaseResult& c);
// What crossed the proxy, for the formats that show a case as plain text (JUnit, Gradescope,
// GitHub): "\nWhat crossed the proxy:\n  <line>..." after the fault plan; a case where nothing
// crossed shows its fault plan alone ("\n<plan>; nothing crossed the proxy.\n"), one without a
// proxy nothing. Not escaped: the caller escapes for its format.
std::string ProxyBlock(const check::CaseResult& c);
// "\nNote: <note>\n" for each of the case's notes (a busy loop, a host written in the program);
// "" without. Not escaped.
std::string NotesBlock(const check::CaseResult& c);
// What two failed cases share when they give the same advice: the explanation, and for a
// wrong port or a connect() to the wrong one (each case has a port of its own) the
// explanation without the case's port, as its maker marked it (CaseResult::without_case_port).
// A report says such advice once and points back to it, "with this case's port" when the key
// is not the explanation.
std::string SameAdviceKey(const check::CaseResult& c);
// The end of every score line: "all 3 cases passed", "1 of 3 cases failed", and for a single
// case "the only case passed" / "the only case failed" (never "all 1 cases").
std::string CasesOutcome(size_t failed, size_t total);
// The same for a whole result, counting graded cases only, then the cases not graded (worth 0
// points) if any: "all 6 cases passed (and 1 not graded, which failed)".
std::string CasesOutcome(const check::GradeResult& result);
struct CaseCounts {
  size_t graded = 0, failed = 0;             // cases with points, and of them those that failed
  size_t ungraded = 0, ungraded_failed = 0;  // cases worth 0 points, and those that failed
  size_t not_run = 0;  // cases not run on this machine (check::Verdict::kNotRun)
  void Add(bool graded, bool passed) {
    (graded ? this->graded : ungraded)++;
    if (!passed) (graded ? failed : ungraded_failed)++;
  }
  void Add(const check::CaseResult& c) {
    if (c.not_run())
      ++not_run;
    else
      Add(c.graded(), c.passed());
  }
};
std::string CasesOutcome(const CaseCounts& counts);
// What the seed of a run is for, as every report ends: "seed 7: --seed 7 repeats netgrade's
// faults, not a program's own random choices". The seed fixes which datagrams and bytes the
// proxy drops, delays or cuts; a program that draws random numbers itself still varies.
std::string SeedNote(uint64_t seed);

// What a case's capture (--pcap) is, after its file's name: "(12 packets, 2 of them with what
// the fault plan did; Wireshark opens it)", with the packets left out past its bound said.
std::string CaptureWords(const check::Capture& capture);

// How the text report is written: the transcript of passing cases too, colour (decided by the
// command: see style.h), and how netgrade was run, for the command that reruns a case.
struct TextOptions {
  bool verbose = false;
  bool color = false;
  Rerun rerun;
};

// For a person: one line per case (PASS, FAIL or ERROR), under each failure its explanation
// (its first sentence first), what was sent, expected and received with a caret under the
// first difference (text_diff.h), and the command that reruns just that case; the score.
std::string Text(const check::GradeResult& result, const TextOptions& options);
std::string Text(const check::GradeResult& result, bool verbose = false);
// One JSON document: exercise, score, max_score, cases[{name, role, passed, score, ...}].
std::string Json(const check::GradeResult& result);
// JUnit XML, for CI systems that show test reports: one <testsuites> named by the exercise,
// a <testsuite> per role named "<submission> <role>", the explanation and the transcript in
// each <failure>. Well-formed XML 1.0 whatever bytes a student printed.
std::string Junit(const check::GradeResult& result);
// Gradescope's results.json: score, execution_time (s), output (a short summary), tests with
// name, score, max_score, status ("passed"/"failed"), output, visibility (from the spec).
std::string Gradescope(const check::GradeResult& result);
// The same for a submission that could not be graded: score 0, no tests, the error in output
// (Gradescope shows students only this file).
std::string GradescopeLayoutError(const run::GradeOutcome& outcome);
// TAP version 13: the plan, an ok / not ok line per case, a YAML block under each failure.
std::string Tap(const check::GradeResult& result);
// GitHub Actions workflow commands: an ::error per failed case (title: the case, message: the
// first line of its explanation), then a ::notice with the score. One line each.
std::string Github(const check::GradeResult& result);
// The Markdown of a job summary: a table (case, result, points), then the explanations.
std::string GithubSummary(const check::GradeResult& result);
// One self-contained HTML page (inline CSS and SVG, no script, no external URL): exercise,
// submission and score, then a section per case with its mark, the diagnosis, and beside it a
// sequence diagram of what crossed the proxy (sequence_svg.h).
std::string Html(const check::GradeResult& result, const Rerun& rerun = {});

// The report in `format`; `rerun` words the command that reruns a case (text and HTML).
std::string Write(const check::GradeResult& result, Format format, const Rerun& rerun = {});

// Text in a Markdown table cell or heading (of a job summary): one line, escaped so that
// nothing Markdown or HTML acts on survives.
std::string MarkdownCell(const std::string& text);

// What --format github writes besides stdout: appends GithubSummary (of each submission) to the
// file $GITHUB_STEP_SUMMARY names, when it is set; nothing otherwise. Throws
// std::runtime_error when that file cannot be written.
void AppendGithubStepSummary(const std::vector<run::GradeOutcome>& outcomes);
// The same for any Markdown (a class's summary of netgrade batch).
void AppendToGithubStepSummary(const std::string& markdown);

// Several submissions (a class) in one report. Each outcome is a result or the layout error
// that kept its submission from being graded; then result.exercise, spec_file and
// submission still name it, and the report shows it with its error, never leaves it out.
// Text: the reports one after the other, then a summary. JSON: a list of the documents of
// Json(), with "layout_error" (and no cases) for one not graded. JUnit: one document, a
// <testsuites> holding a <testsuite> per submission and role ("<submission> <role>"); one not
// graded is a suite "<submission>" with one failed case, "layout". Gradescope: a JSON list of
// the results.json of each (Gradescope grades one submission at a time; the list is for a
// teacher's own tools). TAP: one plan over every case, each named "<submission>: <case>", a
// layout error one failed test. GitHub: the annotations of each submission, their titles
// prefixed by it; the summary a section per submission. HTML: one page, a table of the scores,
// then a section per submission (one not graded with its error).
std::string TextClass(const std::vector<run::GradeOutcome>& outcomes, const TextOptions& options);
std::string TextClass(const std::vector<run::GradeOutcome>& outcomes, bool verbose = false);
std::string JsonClass(const std::vector<run::GradeOutcome>& outcomes);
std::string JunitClass(const std::vector<run::GradeOutcome>& outcomes);
std::string GradescopeClass(const std::vector<run::GradeOutcome>& outcomes);
std::string TapClass(const std::vector<run::GradeOutcome>& outcomes);
std::string GithubClass(const std::vector<run::GradeOutcome>& outcomes);
std::string GithubSummaryClass(const std::vector<run::GradeOutcome>& outcomes);
// One submission whose layout is wrong: an error annotation with the whole message ("Not
// graded: ..."), titled `prefix` + "layout".
std::string GithubLayoutError(const run::GradeOutcome& outcome, const std::string& prefix = "");
std::string HtmlClass(const std::vector<run::GradeOutcome>& outcomes);

std::string WriteClass(const std::vector<run::GradeOutcome>& outcomes, Format format,
                       bool verbose = false);

}  // namespace netgrade::report
