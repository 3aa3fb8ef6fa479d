// Writers of a grading result, one per format. They only read the result.
#pragma once

#include <string>

#include "harness/run/result.h"

namespace netgrade::report {

enum class Format { kText, kJson, kJunit };

// For a person: one line per case, an explanation under each failure, the score.
std::string Text(const run::GradeResult& result, bool verbose = false);
// One JSON document: exercise, score, max_score, cases[{name, role, passed, score, ...}].
std::string Json(const run::GradeResult& result);
// JUnit XML, for CI systems that show test reports.
std::string Junit(const run::GradeResult& result);

std::string Write(const run::GradeResult& result, Format format);

}  // namespace netgrade::report
