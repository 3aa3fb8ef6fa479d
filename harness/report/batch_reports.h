// The reports of `netgrade batch --format F`: beside results/<name>.json, OUT/reports/ holds a
// report of each submission in each format asked for, and OUT/junit.xml joins the JUnit ones
// into the one document a CI system reads.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/report/gradebook.h"
#include "harness/report/report.h"

namespace netgrade::report {

// The formats named (FormatNames() spellings), once each, in FormatNames() order: two runs
// that ask for the same in another order record the same list.
std::vector<std::string> BatchFormats(const std::vector<std::string>& names);

// A submission's outcome as the files of a class show it (results/, reports/): named by its
// folder's name, never by the path DIR gave it (an instructor's /home/... is no student's
// business, and the student's own copy is not there); that path replaced by the name in every
// explanation, note and layout error; the spec named by `spec` (ShownSpecPath); and a layout
// error out of the spec's points `max` (it scores 0 of them, as grades.csv says).
run::GradeOutcome ForClass(run::GradeOutcome outcome, const std::string& spec, int max);
// A spec's path as a class's files show it: relative to the working folder when it is under
// it, else its file name alone.
std::string ShownSpecPath(const std::string& path);

// The extension of a submission's report: ".xml", ".tap", ".gradescope.json", ".txt",
// ".github.txt"; "" for json, whose report is the result file itself.
std::string ReportExtension(Format format);

// A submission's report in `format`: Write(result) when it was graded; for a layout error the
// document a class report gives it (gradescope: GradescopeLayoutError, which Gradescope shows).
std::string SubmissionReport(const run::GradeOutcome& outcome, Format format);

// One JUnit document from the per-submission ones, in the order given (the gradebook's): a
// <testsuites> named by the exercise holding each one's <testsuite>s, its counts and time
// their sums. Throws std::runtime_error when one is not a JUnit document of Junit().
std::string JoinJunit(const std::string& exercise, const std::vector<std::string>& documents);

// OUT/junit.xml: JoinJunit of the files <name>.xml in `reports` of the submissions `names`
// (folder names or their ResultStems), in the gradebook's order (by ResultStem). Read back
// from the files, so a resumed run and a merge of shards build it from the same bytes. Throws
// std::runtime_error naming a file missing or not JUnit.
std::string JunitOfClass(const std::filesystem::path& reports, const std::string& exercise,
                         std::vector<std::string> names);

// The job summary of a class for $GITHUB_STEP_SUMMARY: how many passed, failed, could not be
// graded, then a table of the gradebook's rows (submission, status, points). A row per
// submission, not their reports: a class's would exceed the 1 MiB GitHub shows.
std::string GithubGradebookSummary(const std::string& exercise,
                                   const std::vector<GradebookRow>& rows);

}  // namespace netgrade::report
