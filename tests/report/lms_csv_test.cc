// The gradebook as Canvas and Moodle import it: their documented columns, one row per student.
#include "harness/report/lms_csv.h"

#include <gtest/gtest.h>

namespace netgrade::report {
namespace {

const std::vector<GradebookCase> kCases = {{"server-one-line", 1}, {"server-conversation", 2}};

std::vector<GradebookRow> Rows() {
  GradebookRow bob{"bob",
                   run::Status::kFailed,
                   1,
                   3,
                   {{"server-one-line", 1}, {"server-conversation", 0}},
                   {{"server-one-line", true}, {"server-conversation", false}},
                   {},
                   {}};
  GradebookRow alice{"alice",
                     run::Status::kPassed,
                     3,
                     3,
                     {{"server-one-line", 1}, {"server-conversation", 2}},
                     {{"server-one-line", true}, {"server-conversation", true}},
                     {},
                     {}};
  GradebookRow carol{"carol, jr",
                     run::Status::kLayoutError,
                     0,
                     3,
                     {},
                     {},
                     {{"layout", "layout_error"}},
                     {{"layout",
                       "'proxy_server.py' looks like a misspelling of 'ProxyServer.py': "
                       "rename it"}}};
  GradebookRow dave{"dave", run::Status::kGraderError, 0, 0, {}, {}, {}, {}};
  return {bob, dave, alice, carol};
}

TEST(LmsCsv, CanvasHasItsColumnsAPointsPossibleRowAndTheLoginPerRow) {
  EXPECT_EQ(LmsCsv(Lms::kCanvas, "tcp-capitalize", kCases, Rows()),
            "Student,ID,SIS User ID,SIS Login ID,Section,tcp-capitalize\n"
            "Points Possible,,,,,3\n"
            "alice,,,alice,,3\n"
            "bob,,,bob,,1\n"
            "\"carol, jr\",,,\"carol, jr\",,0\n"
            "dave,,,dave,,\n");  // a grader error: no grade, the gradebook's is kept
}

TEST(LmsCsv, MoodleHasAUserAGradeAndFeedbackPerRow) {
  EXPECT_EQ(LmsCsv(Lms::kMoodle, "tcp-capitalize", kCases, Rows()),
            "Username,tcp-capitalize,Feedback\n"
            "alice,3,3/3: all 2 cases passed.\n"
            "bob,1,1/3: 1 of 2 cases failed.\n"
            "\"carol, jr\",0,\"0/3: not graded, the submission's layout is wrong: "
            "'proxy_server.py' looks like a misspelling of 'ProxyServer.py': rename it.\"\n"
            "dave,,\"netgrade could not grade this submission (its own error, not yours): it "
            "will be graded again.\"\n");
}

// Moodle shows the feedback beside the grade: a failed case worth 0 points is said to be not
// graded, not counted among the failures (where the student would look for the lost point).
TEST(LmsCsv, MoodlesFeedbackSaysACaseWorth0PointsIsNotGraded) {
  const std::vector<GradebookCase> cases = {
      {"server-one-line", 1}, {"server-letters-outside-ascii", 0}, {"server-conversation", 2}};
  GradebookRow erin{
      "erin",
      run::Status::kPassed,
      3,
      3,
      {{"server-one-line", 1}, {"server-letters-outside-ascii", 0}, {"server-conversation", 2}},
      {{"server-one-line", true},
       {"server-letters-outside-ascii", false},
       {"server-conversation", true}},
      {},
      {}};
  EXPECT_EQ(LmsCsv(Lms::kMoodle, "tcp-capitalize", cases, {erin}),
            "Username,tcp-capitalize,Feedback\n"
            "erin,3,\"3/3: all 2 cases passed (and 1 not graded, which failed).\"\n");
}

TEST(LmsCsv, AFolderNameCannotBecomeAFormula) {
  GradebookRow evil{"=HYPERLINK(\"x\")", run::Status::kPassed, 3, 3, {}, {}, {}, {}};
  std::string csv = LmsCsv(Lms::kCanvas, "=sum", kCases, {evil});
  EXPECT_NE(csv.find(",'=sum\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"x\"\")\""), std::string::npos) << csv;
}

TEST(Lms, NamesAndFiles) {
  EXPECT_EQ(ParseLms("canvas"), Lms::kCanvas);
  EXPECT_EQ(ParseLms("moodle"), Lms::kMoodle);
  EXPECT_FALSE(ParseLms("blackboard").has_value());
  EXPECT_EQ(LmsFileName(Lms::kCanvas), "lms-canvas.csv");
}

}  // namespace
}  // namespace netgrade::report
