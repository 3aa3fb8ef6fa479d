// Writers of a grading result, one per format. They only read the result.
#pragma once

#include <string>

#include "harness/check/result.h"

namespace netgrade::report {

enum class Format { kText, kJson, kJunit };

// For a person: one line per case, an explanation under each failure, the score.
std::string Text(const check::GradeResult& result, bool verbose = false);
// One JSON document: exercise, score, max_score, cases[{name, role, passed, score, ...}].
std::string Json(const check::GradeResult& result);
// JUnit XML, for CI systems that show test reports.
std::string Junit(const check::GradeResult& result);

std::string Write(const check::GradeResult& result, Format format);

}  // namespace netgrade::report
