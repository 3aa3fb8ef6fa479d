// A class's gradebook (OUT/grades.csv of `netgrade batch`): a row per submission, read back from
// the result files, so that a resumed run, a run in shards merged, and a run in one go that
// graded the same way write the same bytes. No times, no paths: only names and points.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/run/batch.h"
#include "harness/spec/spec.h"

namespace netgrade::report {

// A column of the gradebook: a case of the spec, in the spec's order.
struct GradebookCase {
  std::string name;
  int points = 0;
};
std::vector<GradebookCase> GradebookCases(const spec::Spec& spec);

// The result file of one submission: Json(result), or for a layout error the document that
// JsonClass gives it (exercise, submission, seed, "layout_error", no cases).
std::string ResultFile(const run::GradeOutcome& outcome);

struct GradebookRow {
  std::string submission;  // the folder's name in DIR
  run::Status status = run::Status::kFailed;
  int total = 0;
  int max = 0;
  std::map<std::string, int> points;  // by case name; a case not run has none
  // Whether each case passed, apart from its points: a case worth 0 points (not graded) scores
  // 0 whether it passed or not, and the instructor still wants to know which.
  std::map<std::string, bool> passed;
  // The diagnosis (check::CodeName) of each case that failed, and its explanation's cause (its
  // first sentence: the JSON's explanation.cause, or the first line of the message of a result
  // file without it); for a layout error, "layout_error" and the error's first line under the
  // name "layout".
  std::map<std::string, std::string> diagnosis;
  std::map<std::string, std::string> explanation;
  // The shape of a failed case's cause, as its maker gave it (the JSON's explanation.shape:
  // the cause without this case's and this program's values), and of a layout error's words
  // under "layout" (its layout_error_shape); none when it gave none.
  std::map<std::string, std::string> shape = {};
  // The mistake behind a failed case's diagnosis, where netgrade knows it (check/root_cause.h).
  std::map<std::string, std::string> mistake = {};
  // The figures that rank a class (a transport sender's goodput), by case and figure: what the
  // JSON marks `leaderboard`, whether the case passed or not.
  struct Ranked {
    double value = 0;
    std::string unit;
  };
  std::map<std::pair<std::string, std::string>, Ranked> leaderboard = {};
  // Its cases this machine could not run (specs/FORMAT.md, "Cases not run on this machine"):
  // worth no points here, and the batch's exit status is 2 unless a case failed.
  int not_run = 0;
};
// The row a result file gives; nullopt when the text is not one (cut, or not JSON).
std::optional<GradebookRow> RowFromResultFile(const std::string& submission,
                                              const std::string& contents);

// The CSV: header `submission,status,total,max,<case names>,<case name> result...`, then the
// rows sorted by submission: the points of each case, then whether each passed ("pass" or
// "fail": a case worth 0 points scores 0 either way). A layout error scores 0 of the spec's
// points and fails every case (the student's to fix); a grader error has no score and no
// result at all (empty cells: it is not the student's). Lines end in "\n".
std::string GradebookCsv(const std::vector<GradebookCase>& cases, std::vector<GradebookRow> rows);

// One CSV field: control characters made visible (EscapeText: a folder name with a newline
// stays on its row), quoted when it holds a comma, a quote or a space at an end, and a
// leading = + - @ defused with a ' so that a spreadsheet never runs a folder name as a formula.
std::string CsvField(std::string_view text);

}  // namespace netgrade::report
