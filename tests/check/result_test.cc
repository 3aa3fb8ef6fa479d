#include "harness/check/result.h"

#include <gtest/gtest.h>

namespace netgrade::check {
namespace {

CaseResult Case(Verdict v, int points = 1) {
  CaseResult c;
  c.verdict = v;
  c.max_score = points;
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

TEST(Result, ACaseWorthNoPointsFailsNothingButAGraderErrorStillCounts) {
  GradeResult r;
  r.cases = {Case(Verdict::kPass), Case(Verdict::kFail, 0)};
  EXPECT_FALSE(r.cases[1].graded());
  EXPECT_TRUE(r.all_passed()) << "a case worth 0 points informs; its failure fails nothing";
  r.cases[1] = Case(Verdict::kGraderError, 0);
  EXPECT_FALSE(r.all_passed()) << "the grader's own failure is never hidden";
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

// Exit status 3 says on stderr which cases the grader failed and why: a JSON report on stdout
// may be all a script keeps, and an empty stderr left the user with a bare status.
TEST(GraderErrorSummary, NamesEachCaseTheGraderFailedOnOneLine) {
  GradeResult r;
  r.cases = {Case(Verdict::kPass), Case(Verdict::kGraderError), Case(Verdict::kFail)};
  r.cases[1].name = "server-one-line";
  r.cases[1].message = "The grader itself failed in this case (bind: \x1b[2J).\nmore";
  std::string said = GraderErrorSummary(r);
  EXPECT_EQ(said.find("netgrade: 1 of 3 cases could not be graded"), 0u) << said;
  EXPECT_NE(said.find("  server-one-line: The grader itself failed in this case"),
            std::string::npos)
      << said;
  EXPECT_EQ(said.find("more"), std::string::npos) << "one line per case: " << said;
  EXPECT_EQ(said.find('\x1b'), std::string::npos) << said;
  EXPECT_NE(GraderErrorSummary(r, "alice").find("netgrade: alice: 1 of 3"), std::string::npos);
  r.cases[1] = Case(Verdict::kFail);
  EXPECT_EQ(GraderErrorSummary(r), "");
}

}  // namespace
}  // namespace netgrade::check
