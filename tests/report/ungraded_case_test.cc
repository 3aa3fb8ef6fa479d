// A case worth 0 points (letters outside ASCII under `letters: ascii`) runs and explains but
// is not graded: every format shows it as such, and its failure fails nothing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/report/gradebook.h"
#include "harness/report/report.h"
#include "tests/report/sample_result.h"

namespace netgrade::report {
namespace {

// The sample's failing case passes; a third case, worth 0 points, fails.
check::GradeResult WithAFailingUngradedCase() {
  check::GradeResult r = testing_report::Sample();
  r.cases[1].verdict = check::Verdict::kPass;
  r.cases[1].code = check::Code::kNone;
  r.cases[1].message.clear();
  r.cases[1].score = 2;
  r.score = 3;
  check::CaseResult info;
  info.name = "server-letters-outside-ascii";
  info.role = "server";
  info.verdict = check::Verdict::kFail;
  info.code = check::Code::kAsciiOnlyUpper;
  info.message = "It upper-cased the ASCII letters only.";
  r.cases.push_back(info);
  return r;
}

TEST(UngradedCase, DoesNotFailTheResult) {
  check::GradeResult r = WithAFailingUngradedCase();
  EXPECT_TRUE(r.all_passed());
  r.cases[2].max_score = 1;  // the same failure in a graded case
  EXPECT_FALSE(r.all_passed());
}

TEST(UngradedCase, TextMarksItAndCountsOnlyGradedCases) {
  std::string text = Text(WithAFailingUngradedCase());
  EXPECT_NE(
      text.find("FAIL  server-letters-outside-ascii    0/0   (not graded) [ascii_only_upper]"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("Score: 3/3 — all 2 cases passed (and 1 not graded, which failed)."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("It upper-cased the ASCII letters only."), std::string::npos) << text;
}

TEST(UngradedCase, TapMarksItsFailureTodo) {
  std::string tap = Tap(WithAFailingUngradedCase());
  EXPECT_NE(tap.find("not ok 3 - server-letters-outside-ascii # TODO not graded (0 points)\n"),
            std::string::npos)
      << tap;
  EXPECT_EQ(tap.find("not ok 1"), std::string::npos) << tap;
}

TEST(UngradedCase, JunitHasNoFailureForIt) {
  std::string xml = Junit(WithAFailingUngradedCase());
  EXPECT_EQ(xml.find("<failure"), std::string::npos) << xml;
  EXPECT_NE(xml.find("failures=\"0\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("Not graded (0 points); it failed [ascii_only_upper]"), std::string::npos)
      << xml;
}

TEST(UngradedCase, GithubWarnsInsteadOfAnError) {
  check::GradeResult r = WithAFailingUngradedCase();
  std::string gh = Github(r);
  EXPECT_EQ(gh.find("::error"), std::string::npos) << gh;
  EXPECT_NE(gh.find("::warning title=server-letters-outside-ascii::Not graded (0 points): "),
            std::string::npos)
      << gh;
  EXPECT_NE(GithubSummary(r).find("| 0/0 |"), std::string::npos);
  EXPECT_NE(GithubSummary(r).find("(not graded)"), std::string::npos);
}

TEST(UngradedCase, GradescopeShowsZeroOfZero) {
  nlohmann::json doc = nlohmann::json::parse(Gradescope(WithAFailingUngradedCase()));
  EXPECT_EQ(doc["score"], 3);
  const nlohmann::json& t = doc["tests"][2];
  EXPECT_EQ(t["max_score"], 0);
  EXPECT_EQ(t["status"], "failed");
  EXPECT_NE(t["output"].get<std::string>().find("Not graded (0 points)"), std::string::npos);
}

TEST(UngradedCase, JsonPassesAndTheGradebookRowIsPassed) {
  std::string json = Json(WithAFailingUngradedCase());
  nlohmann::json doc = nlohmann::json::parse(json);
  EXPECT_EQ(doc["passed"], true);
  EXPECT_EQ(doc["cases"][2]["passed"], false);
  EXPECT_EQ(doc["cases"][2]["max_score"], 0);
  std::optional<GradebookRow> row = RowFromResultFile("sub", json);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->status, run::Status::kPassed);
  EXPECT_EQ(row->total, 3);
  EXPECT_EQ(row->max, 3);
}

TEST(UngradedCase, TheSeedNoteDoesNotPromiseToRepeatAProgramsRandomness) {
  EXPECT_EQ(SeedNote(7),
            "seed 7: --seed 7 repeats netgrade's messages and faults, not a program's own random "
            "choices");
  EXPECT_NE(Text(WithAFailingUngradedCase()).find("(" + SeedNote(7) + ")\n"), std::string::npos);
}

}  // namespace
}  // namespace netgrade::report
