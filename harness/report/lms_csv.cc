#include "harness/report/lms_csv.h"

#include <fmt/core.h>

#include <algorithm>

#include "harness/report/report.h"

namespace netgrade::report {
namespace {

// The grade cell: empty for a grader error (not the student's), 0 for a layout error.
std::string Grade(const GradebookRow& row) {
  switch (row.status) {
    case run::Status::kGraderError:
      return "";
    case run::Status::kLayoutError:
      return "0";
    default:
      return std::to_string(row.total);
  }
}

// One sentence for the student, as the end of a report's score line says it: a case worth 0
// points is not graded, and said apart, so that a failure of it is not read as a lost point.
std::string Feedback(const GradebookRow& row, const std::vector<GradebookCase>& cases, int max) {
  switch (row.status) {
    case run::Status::kGraderError:
      return "netgrade could not grade this submission (its own error, not yours): it will be "
             "graded again.";
    case run::Status::kLayoutError: {
      // What is wrong, whole: a student reading the LMS has no other report to see.
      auto why = row.explanation.find("layout");
      std::string what = why != row.explanation.end() ? why->second : "";
      if (what.empty())
        return fmt::format("0/{}: not graded, the submission's layout is wrong.", max);
      if (what.back() != '.' && what.back() != '?') what += '.';
      return fmt::format("0/{}: not graded, the submission's layout is wrong: {}", max, what);
    }
    default:
      break;
  }
  CaseCounts counts;
  for (const GradebookCase& c : cases)
    if (auto passed = row.passed.find(c.name); passed != row.passed.end())
      counts.Add(c.points > 0, passed->second);
  return fmt::format("{}/{}: {}.", row.total, row.max, CasesOutcome(counts));
}

}  // namespace

const std::vector<std::string>& LmsNames() {
  static const std::vector<std::string> kNames = {"canvas", "moodle"};
  return kNames;
}

std::optional<Lms> ParseLms(const std::string& name) {
  if (name == "canvas") return Lms::kCanvas;
  if (name == "moodle") return Lms::kMoodle;
  return std::nullopt;
}

std::string LmsFileName(Lms lms) {
  return lms == Lms::kCanvas ? "lms-canvas.csv" : "lms-moodle.csv";
}

std::string LmsCsv(Lms lms, const std::string& assignment, const std::vector<GradebookCase>& cases,
                   std::vector<GradebookRow> rows) {
  std::sort(rows.begin(), rows.end(), [](const GradebookRow& a, const GradebookRow& b) {
    return a.submission < b.submission;
  });
  int max = 0;
  for (const GradebookCase& c : cases) max += c.points;
  std::string out;
  if (lms == Lms::kCanvas) {
    out = "Student,ID,SIS User ID,SIS Login ID,Section," + CsvField(assignment) + "\n";
    out += fmt::format("Points Possible,,,,,{}\n", max);
    for (const GradebookRow& row : rows) {
      std::string name = CsvField(row.submission);
      out += fmt::format("{},,,{},,{}\n", name, name, Grade(row));
    }
    return out;
  }
  out = "Username," + CsvField(assignment) + ",Feedback\n";
  for (const GradebookRow& row : rows)
    out += fmt::format("{},{},{}\n", CsvField(row.submission), Grade(row),
                       CsvField(Feedback(row, cases, max)));
  return out;
}

}  // namespace netgrade::report
