// The gradebook in the CSV shapes learning management systems import (--lms of `netgrade
// batch` and `netgrade merge`), from the same rows as grades.csv:
//   canvas: "Student,ID,SIS User ID,SIS Login ID,Section,<assignment>", a "Points Possible" row
//           (the assignment's points, read when the import creates the assignment), then a row
//           per submission with its folder's name as Student and SIS Login ID (Canvas matches a
//           row by ID, SIS User ID or SIS Login ID; ID and SIS User ID are left empty).
//   moodle: "Username,<assignment>,Feedback", a row per submission: its folder's name (mapped
//           to username, email or ID number at import: "Identify user by"), its points and one
//           sentence of feedback (mapped to the grade item's feedback), which says a case worth
//           0 points apart ("all 12 cases passed (and 1 not graded, which failed)").
// A grader error leaves the grade empty (an import leaves an empty grade unchanged: it is not
// the student's); a layout error is 0.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/report/gradebook.h"

namespace netgrade::report {

enum class Lms { kCanvas, kMoodle };
// "canvas", "moodle".
const std::vector<std::string>& LmsNames();
std::optional<Lms> ParseLms(const std::string& name);
// The file OUT gets: "lms-canvas.csv", "lms-moodle.csv".
std::string LmsFileName(Lms lms);

// The CSV of `rows` (sorted by submission, as grades.csv) for `lms`; `assignment` names the
// grade column (the exercise; an import matches an existing column by it or creates one),
// `cases` give the points possible. Fields quoted as CsvField does; lines end in "\n".
std::string LmsCsv(Lms lms, const std::string& assignment, const std::vector<GradebookCase>& cases,
                   std::vector<GradebookRow> rows);

}  // namespace netgrade::report
