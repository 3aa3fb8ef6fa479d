#include "harness/check/result.h"

namespace netgrade::check {

bool GradeResult::all_passed() const {
  for (const CaseResult& c : cases)
    if (!c.passed() && (c.graded() || c.verdict == Verdict::kGraderError)) return false;
  return true;
}

bool GradeResult::grader_error() const {
  for (const CaseResult& c : cases)
    if (c.verdict == Verdict::kGraderError) return true;
  return false;
}

}  // namespace netgrade::check
