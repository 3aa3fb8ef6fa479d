// The figures of a class (summary.json, index.html) from the gradebook's rows, each rule on a
// small class whose figures are counted by hand in the test.
#include "harness/report/class_summary.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/report/report.h"
#include "tests/report/sample_result.h"

namespace netgrade::report {
namespace {

// Three cases: 1, 2 and 0 points (the last not graded).
const std::vector<GradebookCase> kCases = {
    {"server-one-line", 1}, {"server-conversation", 2}, {"server-hint", 0}};

GradebookRow Row(const std::string& name, run::Status status, std::vector<bool> passed,
                 std::vector<std::string> codes = {}) {
  GradebookRow row;
  row.submission = name;
  row.status = status;
  if (status == run::Status::kLayoutError) {
    row.diagnosis["layout"] = "layout_error";
    row.explanation["layout"] = "no server.py";
    return row;
  }
  row.max = 3;
  for (size_t i = 0; i < kCases.size() && i < passed.size(); ++i) {
    row.passed[kCases[i].name] = passed[i];
    row.points[kCases[i].name] = passed[i] ? kCases[i].points : 0;
    row.total += passed[i] ? kCases[i].points : 0;
    if (!passed[i]) {
      row.diagnosis[kCases[i].name] = codes.empty() ? "echo" : codes[i];
      row.explanation[kCases[i].name] = name + " explained";
    }
  }
  return row;
}

std::string Link(const std::string& name) { return "reports/" + name + ".html"; }

std::vector<GradebookRow> Class() {
  return {
      Row("dave", run::Status::kFailed, {true, false, false}, {"", "echo", "wrong_port"}),
      Row("alice", run::Status::kPassed, {true, true, true}),
      Row("bob", run::Status::kPassed, {true, true, false}, {"", "", "echo"}),
      Row("carol", run::Status::kLayoutError, {}),
      Row("erin", run::Status::kGraderError, {true, false, true}, {"", "timeout", ""}),
  };
}

TEST(ClassSummary, CountsEachStatus) {
  ClassSummary s = Summarize("tcp-capitalize", kCases, Class(), Link);
  EXPECT_EQ(s.max, 3);
  EXPECT_EQ(s.submissions, 5u);
  EXPECT_EQ(s.passed, 2u);
  EXPECT_EQ(s.failed, 1u);
  EXPECT_EQ(s.layout_errors, 1u);
  EXPECT_EQ(s.grader_errors, 1u);
}

TEST(ClassSummary, ScoresLeaveOutGraderErrorsAndCountALayoutErrorAsZero) {
  // Scored: alice 3, bob 3, carol 0 (layout), dave 1; erin (grader error) has no score.
  ClassSummary s = Summarize("x", kCases, Class(), Link);
  EXPECT_DOUBLE_EQ(s.mean, 7.0 / 4.0);
  EXPECT_DOUBLE_EQ(s.median, 2.0);       // (1 + 3) / 2
  ASSERT_EQ(s.distribution.size(), 4u);  // 0, 1, 2, 3 points
  std::vector<size_t> counts;
  for (const ScoreBin& b : s.distribution) counts.push_back(b.count);
  EXPECT_EQ(counts, (std::vector<size_t>{1, 1, 0, 2}));
}

TEST(ClassSummary, APassRateCountsLayoutErrorsAsFailedAndGraderErrorsNot) {
  ClassSummary s = Summarize("x", kCases, Class(), Link);
  ASSERT_EQ(s.cases.size(), 3u);
  // server-one-line: alice, bob, dave passed; carol (layout) failed.
  EXPECT_EQ(s.cases[0].passed, 3u);
  EXPECT_EQ(s.cases[0].failed, 1u);
  EXPECT_DOUBLE_EQ(s.cases[0].pass_rate, 0.75);
  // The 0-point case passed for alice only: its pass rate is there although it scores 0.
  EXPECT_EQ(s.cases[2].points, 0);
  EXPECT_EQ(s.cases[2].passed, 1u);
  EXPECT_EQ(s.cases[2].failed, 3u);
}

TEST(ClassSummary, DiagnosesMostStudentsFirstEachStudentOnce) {
  ClassSummary s = Summarize("x", kCases, Class(), Link);
  ASSERT_GE(s.diagnoses.size(), 3u);
  EXPECT_EQ(s.diagnoses[0].code, "echo");
  EXPECT_EQ(s.diagnoses[0].students, (std::vector<std::string>{"bob", "dave"}));
  EXPECT_EQ(s.diagnoses[0].cases, 2u);
  EXPECT_EQ(s.diagnoses[0].example, "bob explained");
  std::vector<std::string> codes;
  for (const DiagnosisFigures& d : s.diagnoses) codes.push_back(d.code);
  // A grader error's cases are not the student's: "timeout" of erin is not counted.
  EXPECT_EQ(codes, (std::vector<std::string>{"echo", "layout_error", "wrong_port"}));
}

TEST(ClassSummary, ADistributionOverManyPointsHasTwentyBinsAtMost) {
  std::vector<ScoreBin> bins = ScoreBins(100);
  EXPECT_EQ(bins.size(), 17u);  // width 6: 0-5, ..., 96-100
  EXPECT_EQ(bins.front().from, 0);
  EXPECT_EQ(bins.back().to, 100);
  for (size_t i = 1; i < bins.size(); ++i) EXPECT_EQ(bins[i].from, bins[i - 1].to + 1);
  EXPECT_EQ(ScoreBins(20).size(), 21u);
  EXPECT_EQ(ScoreBins(0).size(), 1u);
}

TEST(SummaryJson, SaysEveryFigureAndNullForAGraderErrorsScore) {
  nlohmann::json doc = nlohmann::json::parse(SummaryJson(Summarize("x", kCases, Class(), Link)));
  EXPECT_EQ(doc["submissions"], 5);
  EXPECT_EQ(doc["cases"][0]["pass_rate"], 0.75);
  EXPECT_EQ(doc["students"].size(), 5u);
  EXPECT_EQ(doc["students"][0]["submission"], "alice");  // sorted as grades.csv
  EXPECT_EQ(doc["students"][2]["status"], "layout_error");
  EXPECT_EQ(doc["students"][2]["max"], 3);
  EXPECT_TRUE(doc["students"][4]["total"].is_null());
  EXPECT_EQ(doc["students"][4]["report"], "reports/erin.html");
  EXPECT_EQ(doc["diagnoses"][0]["students"], (std::vector<std::string>{"bob", "dave"}));
}

TEST(ClassPage, ShowsTheFiguresAndLinksEachReportEscaped) {
  std::vector<GradebookRow> rows = Class();
  rows.push_back(Row("<b>#x y", run::Status::kFailed, {false, false, false}));
  std::string page = ClassPage(Summarize("tcp-capitalize", kCases, rows, Link));
  EXPECT_NE(page.find("tcp-capitalize &#8212; class of 6"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"reports/alice.html\">alice</a>"), std::string::npos) << page;
  // A folder's name is text, and its link percent-encoded.
  EXPECT_NE(page.find("<a href=\"reports/%3Cb%3E%23x%20y.html\">&lt;b&gt;#x y</a>"),
            std::string::npos)
      << page;
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_NE(page.find("0 (not graded)"), std::string::npos);
  EXPECT_NE(page.find("3 of 5"), std::string::npos) << "server-one-line's passes";
}

TEST(ReportLink, HtmlThenTextThenTheResultFile) {
  EXPECT_EQ(ReportLink({"text", "html"}, "alice"), "reports/alice.html");
  EXPECT_EQ(ReportLink({"junit", "text"}, "alice"), "reports/alice.txt");
  EXPECT_EQ(ReportLink({}, "alice"), "results/alice.json");
}

}  // namespace
}  // namespace netgrade::report
