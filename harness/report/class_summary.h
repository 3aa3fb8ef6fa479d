// The instructor's view of a class graded with `netgrade batch`: OUT/summary.json and
// OUT/index.html, both from the gradebook's rows (read back from the result files, as
// grades.csv is), so that the page, the JSON and the CSV say the same figures, and a merge of
// shards writes what one run writes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "harness/report/gradebook.h"

namespace netgrade::report {

// One case over the class. Counted over the submissions that have a result for it: a layout
// error fails every case (as grades.csv says), a grader error counts for none.
struct CaseFigures {
  std::string name;
  int points = 0;
  size_t passed = 0;
  size_t failed = 0;
  double pass_rate = 0;  // passed / (passed + failed); 0 when no submission has a result
};

// One mistake over the class, a row of the page: a diagnosis (check::CodeName, or
// "layout_error") and the shape of its explanation's first sentence, as the sentence's maker
// gave it (GradebookRow::shape; the sentence whole where it gave none: a missing semicolon and
// a link failure are both compile_error, and two causes), or a mistake netgrade
// knows by name; the students who made it, each once, the cases it failed, and the first
// sentence of one explanation of it (the first student's). A student's failed cases of one
// diagnosis are one mistake, in the row of the first such case in the spec's order.
struct DiagnosisFigures {
  std::string code;  // for a root cause, its diagnoses: "a + b"
  // The cause's shape ("{} listens on port {}, not {}."), or the cause (its first sentence)
  // whole where its maker gave no shape.
  std::string shape;
  // A mistake netgrade knows by name across diagnoses (check/root_cause.h): its row holds
  // every diagnosis it showed as, and its words are the example.
  std::string root_cause;
  std::vector<std::string> students;  // sorted, each once
  size_t cases = 0;                   // failed cases with it, over every student
  std::string example;
};

// A bar of the score distribution: the submissions whose total is in [from, to].
struct ScoreBin {
  int from = 0;
  int to = 0;
  size_t count = 0;
  // What kept its students' scores there: each one's most frequent diagnosis, counted.
  std::map<std::string, size_t> causes;
};

struct StudentFigures {
  std::string submission;
  run::Status status = run::Status::kFailed;
  int total = 0;  // as grades.csv: a layout error 0, a grader error none (scored = false)
  int max = 0;
  bool scored = true;
  std::string report;  // the link to the student's report, relative to OUT
  // The diagnoses of the failed cases, most cases first: {code, cases}.
  std::vector<std::pair<std::string, size_t>> diagnoses;
};

// A figure that ranks the class (a case's `leaderboard` figure, as a transport sender's goodput):
// every submission that has it, highest first (ties by name). A grader error ranks nowhere.
struct Leaderboard {
  std::string case_name, figure, unit;
  std::vector<std::pair<std::string, double>> ranks;  // submission, value
};

struct ClassSummary {
  std::string exercise;
  int max = 0;  // the spec's points
  size_t submissions = 0, passed = 0, failed = 0, layout_errors = 0, grader_errors = 0;
  // Over the scored submissions (all but grader errors).
  double mean = 0, median = 0;
  std::vector<ScoreBin> distribution;       // from 0 to max, one point per bin up to 20 points
  std::vector<CaseFigures> cases;           // in the spec's order
  std::vector<DiagnosisFigures> diagnoses;  // most students first, then by code
  std::vector<StudentFigures> students;     // sorted by submission, as grades.csv
  std::vector<Leaderboard> leaderboards;    // by case, in the spec's order, then by figure
};

// The bins of a distribution over 0..max: one per point up to 20 points, else 20 bins of
// equal width (the last one shorter).
std::vector<ScoreBin> ScoreBins(int max);

// The figures of the rows. report_of gives the link of a submission's report (by its name in
// the gradebook), relative to OUT.
ClassSummary Summarize(const std::string& exercise, const std::vector<GradebookCase>& cases,
                       const std::vector<GradebookRow>& rows,
                       const std::function<std::string(const std::string&)>& report_of);

// OUT/summary.json: every figure of the summary, names as in grades.csv.
std::string SummaryJson(const ClassSummary& summary);

// OUT/index.html: one self-contained page (inline CSS, no script, nothing fetched): the
// counts, the score distribution as bars, each case's pass rate, the most common diagnoses
// with the students who got them, and a row per student linking to the report.
std::string ClassPage(const ClassSummary& summary);

// The link of a submission's report in OUT, by the formats the batch wrote (BatchFormats): its
// HTML report, else its text one, else its result file (always there).
std::string ReportLink(const std::vector<std::string>& formats, const std::string& name);

// Writes OUT/summary.json and OUT/index.html of the rows (each file whole, or the old one).
void WriteClassView(const std::filesystem::path& out, const std::string& exercise,
                    const std::vector<GradebookCase>& cases,
                    const std::vector<std::string>& formats, const std::vector<GradebookRow>& rows);

}  // namespace netgrade::report
