#include "harness/report/gradebook.h"

#include <fmt/core.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/report/class_summary.h"
#include "harness/report/report.h"
#include "harness/spec/load.h"
#include "tests/report/sample_result.h"

namespace netgrade::report {
namespace {

const std::vector<GradebookCase> kCases = {{"server-one-line", 1}, {"server-conversation", 2}};

GradebookRow RowOf(const run::GradeOutcome& outcome, const std::string& name) {
  std::optional<GradebookRow> row = RowFromResultFile(name, ResultFile(outcome));
  EXPECT_TRUE(row.has_value());
  return row.value_or(GradebookRow{});
}

TEST(GradebookCases, TheSpecsCasesInItsOrderWithTheirPoints) {
  spec::LoadResult loaded = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/tcp-capitalize.yaml");
  ASSERT_TRUE(loaded.ok());
  std::vector<GradebookCase> cases = GradebookCases(*loaded.spec);
  ASSERT_EQ(cases.size(), loaded.spec->cases.size());
  EXPECT_EQ(cases[0].name, "server-one-line");
  EXPECT_EQ(cases[0].points, loaded.spec->cases[0].points);
}

TEST(ResultFile, AGradedSubmissionsFileIsItsJsonReport) {
  run::GradeOutcome o{testing_report::Sample(), ""};
  EXPECT_EQ(ResultFile(o), Json(o.result));
}

TEST(RowFromResultFile, ReadsScoresAndStatusBack) {
  GradebookRow row = RowOf({testing_report::Sample(), ""}, "alice");
  EXPECT_EQ(row.submission, "alice");
  EXPECT_EQ(row.status, run::Status::kFailed);
  EXPECT_EQ(row.total, 1);
  EXPECT_EQ(row.max, 3);
  EXPECT_EQ(row.points,
            (std::map<std::string, int>{{"server-one-line", 1}, {"server-conversation", 0}}));
}

TEST(RowFromResultFile, AllPassedIsPassed) {
  check::GradeResult r = testing_report::Sample();
  r.cases.pop_back();
  EXPECT_EQ(RowOf({r, ""}, "a").status, run::Status::kPassed);
}

TEST(RowFromResultFile, AnErrorCaseMakesTheRowAGraderError) {
  check::GradeResult r = testing_report::Sample();
  r.cases[1].verdict = check::Verdict::kGraderError;
  EXPECT_EQ(RowOf({r, ""}, "a").status, run::Status::kGraderError);
}

// A figure the JSON marks `leaderboard` (a transport sender's goodput) comes back with its case,
// whether the case passed or not; a figure that ranks nothing does not.
TEST(RowFromResultFile, ReadsTheFiguresThatRankAClass) {
  check::GradeResult r = testing_report::Sample();
  r.cases[0].figures = {
      {.name = "goodput", .value = 3.77, .unit = "Mbit/s", .words = "", .leaderboard = true},
      {.name = "most in flight", .value = 50, .unit = "packets", .words = ""}};
  r.cases[1].figures = {
      {.name = "goodput", .value = 1.5, .unit = "Mbit/s", .words = "", .leaderboard = true}};
  GradebookRow row = RowOf({r, ""}, "a");
  ASSERT_EQ(row.leaderboard.size(), 2u);
  EXPECT_DOUBLE_EQ((row.leaderboard[{r.cases[0].name, "goodput"}].value), 3.77);
  EXPECT_EQ((row.leaderboard[{r.cases[0].name, "goodput"}].unit), "Mbit/s");
  EXPECT_DOUBLE_EQ((row.leaderboard[{r.cases[1].name, "goodput"}].value), 1.5);
  EXPECT_EQ(row.leaderboard.count({r.cases[0].name, "most in flight"}), 0u);
}

// A failed case's explanation is its cause as the check made it (the JSON's explanation.cause),
// not a sentence found in its message; a result file from before the parts, its first line.
TEST(RowFromResultFile, TheExplanationIsTheCausePartOrTheFirstLineOfAnOldFile) {
  check::GradeResult r = testing_report::Sample();
  r.cases[1].cause = "This looks like an echo. Really.";  // no second sentence is cut away
  r.cases[1].evidence = "\nSecond line.";
  r.cases[1].message = check::RenderedMessage(r.cases[1]);
  r.cases[1].mistake = "one_recv";
  GradebookRow row = RowOf({r, ""}, "a");
  EXPECT_EQ(row.explanation.at("server-conversation"), "This looks like an echo. Really.");
  EXPECT_EQ(row.mistake.at("server-conversation"), "one_recv");
  EXPECT_EQ(row.shape.count("server-conversation"), 0u) << "a cause made without a shape";
  nlohmann::json old = nlohmann::json::parse(Json(r));
  old["cases"][1].erase("explanation");
  std::optional<GradebookRow> from_old = RowFromResultFile("a", old.dump());
  ASSERT_TRUE(from_old.has_value());
  EXPECT_EQ(from_old->explanation.at("server-conversation"), "This looks like an echo. Really.");
  old["cases"][1]["message"] = "Line one. Two.\nLine two.";
  EXPECT_EQ(RowFromResultFile("a", old.dump())->explanation.at("server-conversation"),
            "Line one. Two.");
}

// A failed case's shape is its cause's as the check gave it (the JSON's explanation.shape),
// beside the cause: what the class page groups by.
TEST(RowFromResultFile, TheShapeIsTheCausesAsItsMakerGaveIt) {
  check::GradeResult r = testing_report::Sample();
  r.cases[1].cause = "server.py answered 'hello' unchanged.";
  r.cases[1].shape = "{} answered {} unchanged.";
  r.cases[1].message = check::RenderedMessage(r.cases[1]);
  GradebookRow row = RowOf({r, ""}, "a");
  EXPECT_EQ(row.explanation.at("server-conversation"), "server.py answered 'hello' unchanged.");
  EXPECT_EQ(row.shape.at("server-conversation"), "{} answered {} unchanged.");
  EXPECT_EQ(row.shape.count(r.cases[0].name), 0u) << "a case that passed";
}

TEST(RowFromResultFile, ALayoutErrorIsALayoutErrorRow) {
  run::GradeOutcome o;
  o.result.exercise = "tcp-capitalize";
  o.result.submission = "subs/bob";
  o.layout_error = "submission 'subs/bob' is not a directory";
  EXPECT_EQ(RowOf(o, "bob").status, run::Status::kLayoutError);
}

TEST(RowFromResultFile, TextThatIsNotAResultIsNone) {
  for (const char* bad : {"", "{", "[]", "{\"cases\": 3}", "{\"cases\": [{\"name\": 1}]}"})
    EXPECT_FALSE(RowFromResultFile("a", bad).has_value()) << bad;
  std::string cut = ResultFile({testing_report::Sample(), ""});
  EXPECT_FALSE(RowFromResultFile("a", cut.substr(0, cut.size() / 2)).has_value());
}

TEST(GradebookCsv, HeaderThenARowPerSubmissionSortedByName) {
  GradebookRow bob = RowOf({testing_report::Sample(), ""}, "bob");
  check::GradeResult passing = testing_report::Sample();
  passing.cases[1].score = 2;
  passing.cases[1].verdict = check::Verdict::kPass;
  passing.score = 3;
  GradebookRow alice = RowOf({passing, ""}, "alice");
  EXPECT_EQ(GradebookCsv(kCases, {bob, alice}),
            "submission,status,total,max,server-one-line,server-conversation,server-one-line "
            "result,server-conversation result\n"
            "alice,passed,3,3,1,2,pass,pass\n"
            "bob,failed,1,3,1,0,pass,fail\n");
}

TEST(GradebookCsv, ALayoutErrorScoresZeroOfEverythingAndAGraderErrorNothing) {
  GradebookRow layout{"carol", run::Status::kLayoutError, 0, 0, {}, {}, {}, {}};
  GradebookRow grader{"dave", run::Status::kGraderError, 1, 3, {{"server-one-line", 1}}, {}, {},
                      {}};
  EXPECT_EQ(GradebookCsv(kCases, {grader, layout}),
            "submission,status,total,max,server-one-line,server-conversation,server-one-line "
            "result,server-conversation result\n"
            "carol,layout_error,0,3,0,0,fail,fail\n"
            "dave,grader_error,,,,,,\n");
}

TEST(GradebookCsv, ACaseNotRunHasAnEmptyCell) {
  GradebookRow row{
      "erin", run::Status::kFailed, 1, 1, {{"server-one-line", 1}}, {{"server-one-line", true}}, {},
      {}};
  EXPECT_EQ(GradebookCsv(kCases, {row}),
            "submission,status,total,max,server-one-line,server-conversation,server-one-line "
            "result,server-conversation result\n"
            "erin,failed,1,1,1,,pass,\n");
}

// A case worth 0 points scores 0 whether it passed or failed: its result column tells which.
TEST(GradebookCsv, AZeroPointCaseSaysWhetherItPassedApartFromItsPoints) {
  check::GradeResult r = testing_report::Sample();
  r.cases[1].max_score = 0;  // not graded
  r.max_score = 1;
  const std::vector<GradebookCase> cases = {{"server-one-line", 1}, {"server-conversation", 0}};
  GradebookRow failed = RowOf({r, ""}, "bob");
  r.cases[1].verdict = check::Verdict::kPass;
  GradebookRow passed = RowOf({r, ""}, "alice");
  std::string csv = GradebookCsv(cases, {failed, passed});
  EXPECT_NE(csv.find("\nalice,passed,1,1,1,0,pass,pass\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nbob,passed,1,1,1,0,pass,fail\n"), std::string::npos) << csv;
}

// The whole error on one line: its first line alone ends in a colon, before what is wrong.
TEST(RowFromResultFile, ALayoutErrorsRowHasItsMaxItsDiagnosisAndTheWholeErrorOnOneLine) {
  run::GradeOutcome o;
  o.result.max_score = 12;
  o.layout_error =
      "no program for any role of web-proxy in subs/bob:\n  proxy: looked for proxy, "
      "proxy.py. 'proxy_server.py' looks like a misspelling of 'ProxyServer.py': rename it.";
  GradebookRow row = RowOf(o, "bob");
  EXPECT_EQ(row.max, 12);
  EXPECT_EQ(row.diagnosis.at("layout"), "layout_error");
  EXPECT_EQ(row.explanation.at("layout"),
            "no program for any role of web-proxy in subs/bob: proxy: looked for proxy, "
            "proxy.py. 'proxy_server.py' looks like a misspelling of 'ProxyServer.py': rename it.");
}

// A layout error's shape, as its maker gave it, comes back from the result file under
// "layout", as a case's cause's does (issue 48): two students without a program, in folders of
// their own names, are one row of the class page.
TEST(RowFromResultFile, ALayoutErrorsShapeIsReadBackAndMakesOneRowOfTwoStudents) {
  std::vector<GradebookRow> rows;
  for (const char* name : {"bob", "carol"}) {
    run::GradeOutcome o;
    o.result.max_score = 3;
    o.layout_error = fmt::format(
        "no program for any role of web-proxy in {}:\n  proxy: looked "
        "for proxy, proxy.py.",
        name);
    o.layout_error_shape = "no program for any role of {} in {}:{}";
    rows.push_back(RowOf(o, name));
  }
  EXPECT_EQ(rows[0].shape.at("layout"), "no program for any role of {} in {}:{}");
  EXPECT_NE(rows[0].explanation.at("layout"), rows[1].explanation.at("layout"));
  const std::vector<GradebookCase> cases = {{"proxy-get", 3}};
  ClassSummary s = Summarize("web-proxy", cases, rows, [](const std::string&) { return ""; });
  ASSERT_EQ(s.diagnoses.size(), 1u);
  EXPECT_EQ(s.diagnoses[0].code, "layout_error");
  EXPECT_EQ(s.diagnoses[0].students, (std::vector<std::string>{"bob", "carol"}));
  // Without its shape (a result file written before shapes) each is its row whole.
  for (GradebookRow& row : rows) row.shape.clear();
  EXPECT_EQ(
      Summarize("web-proxy", cases, rows, [](const std::string&) { return ""; }).diagnoses.size(),
      2u);
}

TEST(CsvField, PlainTextStaysAsItIs) {
  EXPECT_EQ(CsvField("alice_smith-2"), "alice_smith-2");
  EXPECT_EQ(CsvField("émile"), "émile");
}

TEST(CsvField, CommasAndQuotesAreQuoted) {
  EXPECT_EQ(CsvField("smith, john"), "\"smith, john\"");
  EXPECT_EQ(CsvField("the \"best\""), "\"the \"\"best\"\"\"");
  EXPECT_EQ(CsvField(" padded "), "\" padded \"");
}

// A folder name is the student's: it never starts a new row, moves the cursor, or runs as a
// spreadsheet formula.
TEST(CsvField, HostileFolderNamesStayOneHarmlessCell) {
  EXPECT_EQ(CsvField("evil\nbob,passed,99"), "\"evil\\nbob,passed,99\"");
  EXPECT_EQ(CsvField("a\rb"), "a\\rb");
  EXPECT_EQ(CsvField("\x1b[2Jx"), "\\x1b[2Jx");
  EXPECT_EQ(CsvField("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(CsvField("+1"), "'+1");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("-2"), "'-2");
  EXPECT_EQ(CsvField("bad\xff"), "bad\\xff");
}

}  // namespace
}  // namespace netgrade::report
