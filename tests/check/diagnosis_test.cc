#include "harness/check/diagnosis.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "tests/support/declared_codes.h"

namespace netgrade::check {
namespace {

// Each code diagnosis.h declares is in SharedCodes(), once: a code left out of it could be given
// but never read back from a result file or a fixture.
TEST(Diagnosis, EveryCodeDeclaredIsAmongTheSharedCodes) {
  const std::set<std::string> declared =
      netgrade::testing::DeclaredCodeNames("harness/check/diagnosis.h");
  ASSERT_GT(declared.size(), 50u);
  EXPECT_EQ(netgrade::testing::NamesOf(SharedCodes()), declared);
}

TEST(Diagnosis, EveryCodeHasAStableSnakeCaseName) {
  for (Code c : SharedCodes()) {
    std::string_view name = CodeName(c);
    EXPECT_FALSE(name.empty());
    for (char ch : name)
      EXPECT_TRUE((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')
          << "'" << name << "' is not snake_case";
  }
}

TEST(Diagnosis, TheNamesFixturesAndReportsUseAreThese) {
  // expected.yaml files and JSON reports spell them so: a rename breaks them.
  EXPECT_EQ(CodeName(Code::kNone), "none");
  EXPECT_EQ(CodeName(Code::kEcho), "echo");
  EXPECT_EQ(CodeName(Code::kNoUdpTimeout), "no_udp_timeout");
  EXPECT_EQ(CodeName(Code::kGraderProblem), "grader_problem");
  EXPECT_EQ(CodeName(Code::kOneClientAtATime), "one_client_at_a_time");
  EXPECT_EQ(CodeName(Code::kNoReconnect), "no_reconnect");
  EXPECT_EQ(CodeName(Code::kUnwantedConnection), "unwanted_connection");
}

// The outcome follows from the code alone: every report and the exit status read it so.
TEST(Diagnosis, TheVerdictFollowsFromTheCodeAlone) {
  EXPECT_EQ(VerdictOf(Code::kNone), Verdict::kPass);
  EXPECT_EQ(VerdictOf(Code::kGraderProblem), Verdict::kGraderError);
  EXPECT_EQ(VerdictOf(Code::kNotRunHere), Verdict::kNotRun);
  for (Code c : SharedCodes()) {
    if (c == Code::kNone || c == Code::kGraderProblem || c == Code::kNotRunHere) continue;
    EXPECT_EQ(VerdictOf(c), Verdict::kFail) << CodeName(c) << " is the student's failure";
  }
}

// A code is its object, not its name: a kind's code of the same name is another code.
TEST(Diagnosis, ACodeIsItsObjectAndADefaultCodeIsNone) {
  static constexpr CodeInfo kLookalike{"echo"};
  EXPECT_FALSE(Code(kLookalike) == Code::kEcho);
  EXPECT_TRUE(Code(Code::kEcho) == Code::kEcho);
  EXPECT_EQ(Code(), Code::kNone);
  std::ostringstream printed;
  printed << Code(Code::kWrongPort);
  EXPECT_EQ(printed.str(), "wrong_port");
}

}  // namespace
}  // namespace netgrade::check
