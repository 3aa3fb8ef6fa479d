#include "harness/check/result.h"

#include <gtest/gtest.h>

namespace netgrade::check {
namespace {

CaseResult Case(Verdict v) {
  CaseResult c;
  c.verdict = v;
  return c;
}

TEST(Result, AllPassedOnlyWhenEveryCasePassed) {
  GradeResult r;
  EXPECT_TRUE(r.all_passed()) << "no case, nothing failed";
  r.cases = {Case(Verdict::kPass), Case(Verdict::kPass)};
  EXPECT_TRUE(r.all_passed());
  r.cases.push_back(Case(Verdict::kFail));
  EXPECT_FALSE(r.all_passed());
  r.cases.back() = Case(Verdict::kGraderError);
  EXPECT_FALSE(r.all_passed()) << "a case the grader could not judge did not pass";
}

TEST(Result, AGraderErrorInAnyCaseIsTheGradersError) {
  GradeResult r;
  r.cases = {Case(Verdict::kPass), Case(Verdict::kFail)};
  EXPECT_FALSE(r.grader_error()) << "a student's failure is not the grader's";
  r.cases.push_back(Case(Verdict::kGraderError));
  EXPECT_TRUE(r.grader_error());
}

TEST(Result, ACaseHasPassedOnlyWithThePassVerdict) {
  EXPECT_TRUE(Case(Verdict::kPass).passed());
  EXPECT_FALSE(Case(Verdict::kFail).passed());
  EXPECT_FALSE(Case(Verdict::kGraderError).passed());
}

}  // namespace
}  // namespace netgrade::check
