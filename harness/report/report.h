// Writers of a grading result, one per format. They only read the result.
#pragma once

#include <string>
#include <vector>

#include "harness/check/result.h"
#include "harness/run/grade.h"

namespace netgrade::report {

enum class Format { kText, kJson, kJunit };

// For a person: one line per case, an explanation under each failure, the score.
std::string Text(const check::GradeResult& result, bool verbose = false);
// One JSON document: exercise, score, max_score, cases[{name, role, passed, score, ...}].
std::string Json(const check::GradeResult& result);
// JUnit XML, for CI systems that show test reports: one <testsuite> named by the exercise.
std::string Junit(const check::GradeResult& result);

std::string Write(const check::GradeResult& result, Format format);

// Several submissions (a class) in one report. Each outcome is a result or the layout error
// that kept its submission from being graded; then result.exercise, spec_file and
// submission still name it, and the report shows it with its error, never leaves it out.
// Text: the reports one after the other, then a summary. JSON: a list of the documents of
// Json(), with "layout_error" (and no cases) for one not graded. JUnit: one document, a
// <testsuites> holding a <testsuite> per submission, named by the submission.
std::string TextClass(const std::vector<run::GradeOutcome>& outcomes, bool verbose = false);
std::string JsonClass(const std::vector<run::GradeOutcome>& outcomes);
std::string JunitClass(const std::vector<run::GradeOutcome>& outcomes);

std::string WriteClass(const std::vector<run::GradeOutcome>& outcomes, Format format,
                       bool verbose = false);

}  // namespace netgrade::report
