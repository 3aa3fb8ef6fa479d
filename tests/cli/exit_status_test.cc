#include "harness/cli/exit_status.h"

#include <gtest/gtest.h>

namespace netgrade::cli {
namespace {

TEST(Tally, NothingWrongIsZero) { EXPECT_EQ(Tally{}.Status(), kExitPassed); }

TEST(Tally, TheGradersErrorComesFirstThenAFailureThenANotRunCase) {
  Tally t;
  t.Add(false, false, true);
  EXPECT_EQ(t.Status(), kExitUsage) << "every graded case passed, one was not run here";
  t.Add(false, true, false);
  EXPECT_EQ(t.Status(), kExitFailed) << "a failure is told over a case not run";
  t.Add(true, false, false);
  EXPECT_EQ(t.Status(), kExitInternal) << "the grader's own error over everything";
}

TEST(Tally, ALaterSubmissionThatPassedUndoesNothing) {
  Tally t;
  t.Add(false, true, false);
  t.Add(false, false, false);
  EXPECT_EQ(t.Status(), kExitFailed);
}

}  // namespace
}  // namespace netgrade::cli
