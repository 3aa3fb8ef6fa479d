// A case's result from its finding and observation: the verdict, the score, and the fault
// plan in words.
#include "harness/run/case_result.h"

#include <gtest/gtest.h>

namespace netgrade::run {
namespace {

struct Parts {
  spec::Case test;
  observe::Observation seen;
  CaseOutcome outcome;
  Parts() {
    test.name = "one";
    test.role = "server";
    test.points = 3;
    test.visibility = spec::Visibility::kHidden;
    outcome.test = &test;
    outcome.seen = &seen;
    outcome.program = "server.py";
    outcome.seed = 7;
    outcome.wall_ms = 12;
  }
};

TEST(MakeCaseResult, APassScoresItsPoints) {
  Parts p;
  check::CaseResult r = MakeCaseResult(p.outcome);
  EXPECT_TRUE(r.passed());
  EXPECT_EQ(r.score, 3);
  EXPECT_EQ(r.max_score, 3);
  EXPECT_EQ(r.name, "one");
  EXPECT_EQ(r.program, "server.py");
  EXPECT_EQ(r.visibility, spec::Visibility::kHidden);
  EXPECT_EQ(r.seed, 7u);
  EXPECT_EQ(r.wall_ms, 12);
  EXPECT_TRUE(r.transcript.empty()) << "no faults, no proxy";
}

TEST(MakeCaseResult, AFindingFailsAndTheGradersOwnIsAGraderError) {
  Parts p;
  p.seen.timed_out = true;
  p.outcome.finding = {check::Code::kAddressInUse, "could not listen again"};
  check::CaseResult r = MakeCaseResult(p.outcome);
  EXPECT_EQ(r.verdict, check::Verdict::kFail);
  EXPECT_EQ(r.code, check::Code::kAddressInUse);
  EXPECT_EQ(r.message, "could not listen again");
  EXPECT_EQ(r.score, 0);
  EXPECT_TRUE(r.timed_out);
  p.outcome.finding = {check::Code::kGraderProblem, "the grader failed"};
  EXPECT_EQ(MakeCaseResult(p.outcome).verdict, check::Verdict::kGraderError);
}

TEST(DescribeFaults, SaysEachDirectionWithTheSeed) {
  spec::Case c;
  c.faults.to_student.drop = {2};
  EXPECT_EQ(DescribeFaults(c, 7).rfind("fault plan (seed 7): to the student: ", 0), 0u)
      << DescribeFaults(c, 7);
  EXPECT_EQ(DescribeFaults(c, 7).find("from the student"), std::string::npos);
  c.faults.from_student.drop = {1};
  EXPECT_NE(DescribeFaults(c, 7).find("; from the student: "), std::string::npos)
      << DescribeFaults(c, 7);
}

}  // namespace
}  // namespace netgrade::run
