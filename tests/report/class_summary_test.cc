// The figures of a class (summary.json, index.html) from the gradebook's rows, each rule on a
// small class whose figures are counted by hand in the test.
#include "harness/report/class_summary.h"

#include <fmt/core.h>
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
      // A row holds the explanation's cause (its first sentence) and its shape, the cause
      // without what varies from student to student, as the result file gives them.
      row.explanation[kCases[i].name] =
          "Your server answered '" + name + "' on port 4" + std::to_string(name.size()) + ".";
      row.shape[kCases[i].name] = "Your server answered '{}' on port {}.";
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

// One code, two causes: a failed compile and a link failure are both compile_error, and two
// rows, each with its own first sentence (the explanation's cause, as the result file gives
// it); what differs between students (the compiler's version, the name not found) is not a
// cause: the shapes their maker gave say so.
TEST(ClassSummary, ACodesRowsAreItsCausesByTheirShapes) {
  std::vector<GradebookRow> rows(4);
  const char* said[] = {
      "The build ('g++ -o server server.cpp') with g++ 12.2.0 failed with exit status 1, so no "
      "case could run: fix the first error and build again.",
      "The build ('g++ -o proxy proxy.cpp') with g++ 14.2.0 failed with exit status 1, so no "
      "case could run: fix the first error and build again.",
      "The build ('g++ -o server server.cpp') with g++ 12.2.0 failed with exit status 1, so no "
      "case could run: the link found no definition of 'icu_72::Locale::getRoot()': neither "
      "the program nor a library the build links has it.",
      "The build ('g++ -o server server.cpp') with g++ 12.2.0 failed with exit status 1, so no "
      "case could run: the link found no definition of 'sendd': neither the program nor a "
      "library the build links has it."};
  const char* compile =
      "The build ({}){} failed with exit status {}, so no case could run: fix "
      "the first error and build again.";
  const char* link =
      "The build ({}){} failed with exit status {}, so no case could run: the link found no "
      "definition of {}: neither the program nor a library the build links has it.";
  const char* shapes[] = {compile, compile, link, link};
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].submission = std::string(1, static_cast<char>('a' + i));
    rows[i].max = 3;
    rows[i].diagnosis["server-one-line"] = "compile_error";
    rows[i].explanation["server-one-line"] = said[i];
    rows[i].shape["server-one-line"] = shapes[i];
  }
  ClassSummary s = Summarize("x", kCases, rows, Link);
  ASSERT_EQ(s.diagnoses.size(), 2u);
  EXPECT_EQ(s.diagnoses[0].students, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s.diagnoses[0].shape, compile);
  EXPECT_EQ(s.diagnoses[1].students, (std::vector<std::string>{"c", "d"}));
  EXPECT_NE(s.diagnoses[1].example.find("the link found no definition of 'icu_72"),
            std::string::npos);
  // summary.json's `cause` of a row is its shape.
  nlohmann::json doc = nlohmann::json::parse(SummaryJson(s));
  EXPECT_EQ(doc["diagnoses"][1]["cause"], link);
}

// A cause its maker gave no shape (joined by hand, a whole message from elsewhere, a result
// file written before shapes) is its row whole: two students share it when they were told the
// same words, and a number or a name in them keeps them apart, never a guess at which words
// are values.
TEST(ClassSummary, ACauseWithoutAShapeIsItsRowWhole) {
  std::vector<GradebookRow> rows(3);
  const char* said[] = {"server.py stopped after 2 of its 3 lines.",
                        "server.py stopped after 2 of its 3 lines.",
                        "server.py stopped after 1 of its 3 lines."};
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].submission = std::string(1, static_cast<char>('a' + i));
    rows[i].diagnosis["server-one-line"] = "crashed";
    rows[i].explanation["server-one-line"] = said[i];
  }
  ClassSummary s = Summarize("x", kCases, rows, Link);
  ASSERT_EQ(s.diagnoses.size(), 2u);
  EXPECT_EQ(s.diagnoses[0].students, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s.diagnoses[0].shape, said[0]);
  EXPECT_EQ(s.diagnoses[1].students, (std::vector<std::string>{"c"}));
}

// A mistake netgrade knows by name is one row, whatever diagnoses it showed as; the others
// keep their rows by code and first sentence.
TEST(ClassSummary, AKnownMistakeIsOneRowAcrossItsDiagnoses) {
  std::vector<GradebookRow> rows(2);
  for (size_t i = 0; i < rows.size(); ++i) {
    GradebookRow& r = rows[i];
    r.submission = i == 0 ? "a" : "b";
    r.max = 3;
    r.diagnosis = {{"server-conversation", "missing_message"},
                   {"server-long-line", "wrong_content"}};
    r.explanation = {{"server-conversation", "Your server answered only 1 of the 4."},
                     {"server-long-line", "Only the first 1024 of its 10260 bytes came."}};
    r.mistake = {{"server-conversation", "one_recv"}, {"server-long-line", "one_recv"}};
  }
  rows[1].diagnosis["server-one-line"] = "echo";
  rows[1].explanation["server-one-line"] = "This looks like an echo.";
  ClassSummary s = Summarize("x", kCases, rows, Link);
  ASSERT_EQ(s.diagnoses.size(), 2u);
  EXPECT_EQ(s.diagnoses[0].code, "missing_message + wrong_content");
  EXPECT_EQ(s.diagnoses[0].root_cause, "one_recv");
  EXPECT_EQ(s.diagnoses[0].students, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s.diagnoses[0].cases, 4u);
  EXPECT_EQ(s.diagnoses[0].example.rfind("One recv() per connection", 0), 0u);
  EXPECT_EQ(s.diagnoses[1].code, "echo");
  EXPECT_EQ(s.diagnoses[1].root_cause, "");
  // Two codes with no explanation and no known mistake stay two rows.
  GradebookRow c;
  c.submission = "c";
  c.diagnosis = {{"server-one-line", "timeout"}, {"server-conversation", "crashed"}};
  ClassSummary t = Summarize("x", kCases, {c}, Link);
  ASSERT_EQ(t.diagnoses.size(), 2u);
  EXPECT_EQ(t.diagnoses[0].code.find('+'), std::string::npos);
}

// A row is a mistake: one student's one mistake, failing several cases with causes that
// differ by the case (the path asked for, the connection), is one row with the student once;
// two students whose causes differ only by their program's file name or a port share one.
// The causes are a web proxy class's, with the shapes netgrade gives them.
TEST(ClassSummary, ARowIsAMistakeEachStudentOnceWhateverTheFileNameOrTheCase) {
  const std::vector<GradebookCase> cases = {
      {"fetch-page", 1}, {"large-answer", 1}, {"origin-refuses", 1}};
  auto Named = [](const std::string& name) {
    GradebookRow row;
    row.submission = name;
    row.max = 3;
    return row;
  };
  const std::string expected =
      "After the reference client sent {} on connection {}, the reference server expected {} "
      "and got {}.";
  auto request = [](const char* path, const char* connection, int port) {
    return fmt::format(
        "After the reference client sent 'GET http://www.example.com:{2}/{0} HTTP/1.1\\r\\n"
        "Host: ...' (83 bytes) on connection {1}, the reference server expected a line matching "
        "/^GET /{0} HTTP/1\\.[01]$/ and got 'GET http://www.example.com:{2}/{0} HTTP/1.0'.",
        path, connection, port);
  };
  GradebookRow absolute = Named("absolute");
  absolute.diagnosis = {{"fetch-page", "wrong_content"},
                        {"large-answer", "wrong_content"},
                        {"origin-refuses", "wrong_content"}};
  absolute.explanation = {{"fetch-page", request("index\\.html", "a", 28858)},
                          {"large-answer", request("big\\.bin", "a", 28859)},
                          {"origin-refuses", request("index\\.html", "b", 28860)}};
  absolute.shape = {
      {"fetch-page", expected}, {"large-answer", expected}, {"origin-refuses", expected}};
  GradebookRow absolute_too = Named("absolute-too");
  absolute_too.diagnosis = {{"large-answer", "wrong_content"}};
  absolute_too.explanation = {{"large-answer", request("big\\.bin", "a", 31002)}};
  absolute_too.shape = {{"large-answer", expected}};
  // Another mistake of the same diagnosis: the proxy sent nothing at all to the origin.
  GradebookRow silent = Named("silent");
  silent.diagnosis = {{"fetch-page", "wrong_content"}};
  silent.explanation = {
      {"fetch-page",
       "After the reference client sent 'GET http://www.example.com:28858/index.html "
       "HTTP/1.1\\r\\nHost: ...' (83 bytes) on connection a, the reference server got nothing."}};
  silent.shape = {{"fetch-page",
                   "After the reference client sent {} on connection {}, the reference server "
                   "got nothing."}};
  // Two students, two file names and two ports: one row.
  auto refused = [&](const std::string& name, const char* file, int port) {
    GradebookRow r = Named(name);
    r.diagnosis = {{"origin-refuses", "crashed"}};
    r.explanation = {{"origin-refuses",
                      fmt::format("{}, line 44 raised ConnectionRefusedError connecting to port "
                                  "{}, and the program ended there.",
                                  file, port)}};
    r.shape = {{"origin-refuses",
                "{}, line {} raised {} connecting to port {}, and the program ended there."}};
    return r;
  };
  ClassSummary s = Summarize("web-proxy", cases,
                             {absolute, absolute_too, silent, refused("r1", "proxy.py", 40001),
                              refused("r2", "ProxyServer.py", 40777)},
                             Link);
  ASSERT_EQ(s.diagnoses.size(), 3u) << SummaryJson(s);
  // Most students first: two rows of two, in the order of their keys, then one.
  EXPECT_EQ(s.diagnoses[0].code, "crashed");
  EXPECT_EQ(s.diagnoses[0].students, (std::vector<std::string>{"r1", "r2"}));
  EXPECT_EQ(s.diagnoses[0].example.rfind("proxy.py, line 44 raised ConnectionRefusedError", 0), 0u);
  EXPECT_EQ(s.diagnoses[1].code, "wrong_content");
  EXPECT_EQ(s.diagnoses[1].students, (std::vector<std::string>{"absolute", "absolute-too"}));
  EXPECT_EQ(s.diagnoses[1].cases, 4u);
  EXPECT_NE(s.diagnoses[1].example.find("/^GET /index\\.html"), std::string::npos)
      << "the example is the student's first failed case: " << s.diagnoses[1].example;
  EXPECT_EQ(s.diagnoses[2].students, (std::vector<std::string>{"silent"}));
  // Without their shapes, the two file names and ports are two rows: the page reads no
  // sentence back out of its words.
  GradebookRow r1 = refused("r1", "proxy.py", 40001), r2 = refused("r2", "ProxyServer.py", 40777);
  r1.shape.clear();
  r2.shape.clear();
  EXPECT_EQ(Summarize("web-proxy", cases, {r1, r2}, Link).diagnoses.size(), 2u);
}

// Each student's diagnoses, and what holds each bar of the distribution where it is.
TEST(ClassSummary, EachStudentsDiagnosesAndEachBarsCauses) {
  ClassSummary s = Summarize("x", kCases, Class(), Link);
  for (const StudentFigures& st : s.students) {
    if (st.submission != "dave") continue;
    EXPECT_EQ(st.diagnoses,
              (std::vector<std::pair<std::string, size_t>>{{"echo", 1}, {"wrong_port", 1}}));
  }
  // dave has 1 point, bob 3: the bars of 1 and 3 name their diagnoses; 0 holds carol's layout.
  EXPECT_EQ(s.distribution[1].causes, (std::map<std::string, size_t>{{"echo", 1}}));
  EXPECT_EQ(s.distribution[0].causes, (std::map<std::string, size_t>{{"layout_error", 1}}));
  std::string page = ClassPage(s);
  EXPECT_NE(page.find("<th>Diagnoses (failed cases)</th>"), std::string::npos);
  EXPECT_NE(page.find("<code>echo</code> 1 &#183; <code>wrong_port</code> 1"), std::string::npos);
}

TEST(ClassSummary, DiagnosesMostStudentsFirstEachStudentOnce) {
  ClassSummary s = Summarize("x", kCases, Class(), Link);
  ASSERT_GE(s.diagnoses.size(), 3u);
  EXPECT_EQ(s.diagnoses[0].code, "echo");
  EXPECT_EQ(s.diagnoses[0].students, (std::vector<std::string>{"bob", "dave"}));
  EXPECT_EQ(s.diagnoses[0].cases, 2u);
  EXPECT_EQ(s.diagnoses[0].example, "Your server answered 'bob' on port 43.");
  EXPECT_EQ(s.diagnoses[0].shape, "Your server answered '{}' on port {}.");
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

// A figure that ranks the class: every submission that has it, highest first, on the page and
// in summary.json; a grader error ranks nowhere, and a lab without one has no leaderboard.
TEST(ClassSummary, ALeaderboardFigureRanksTheClassHighestFirst) {
  std::vector<GradebookRow> rows = Class();
  const std::pair<std::string, std::string> key("server-conversation", "goodput");
  for (auto& [name, value] : std::vector<std::pair<std::string, double>>{
           {"dave", 2.5}, {"alice", 3.9}, {"bob", 3.1}, {"erin", 9.9}})
    for (GradebookRow& row : rows)
      if (row.submission == name) row.leaderboard[key] = {value, "Mbit/s"};
  ClassSummary s = Summarize("lab", kCases, rows, Link);
  ASSERT_EQ(s.leaderboards.size(), 1u);
  const Leaderboard& b = s.leaderboards[0];
  EXPECT_EQ(b.case_name, "server-conversation");
  EXPECT_EQ(b.figure, "goodput");
  EXPECT_EQ(b.unit, "Mbit/s");
  EXPECT_EQ(b.ranks, (std::vector<std::pair<std::string, double>>{
                         {"alice", 3.9}, {"bob", 3.1}, {"dave", 2.5}}))
      << "erin's grader error ranks nowhere";
  std::string page = ClassPage(s);
  size_t alice = page.find(">alice<"), bob = page.find(">bob<");
  EXPECT_NE(page.find("Leaderboard: goodput of server-conversation"), std::string::npos);
  ASSERT_NE(alice, std::string::npos);
  EXPECT_LT(alice, bob) << "alice ranks first";
  nlohmann::json doc = nlohmann::json::parse(SummaryJson(s));
  ASSERT_TRUE(doc.contains("leaderboards"));
  EXPECT_EQ(doc["leaderboards"][0]["ranks"][0]["submission"], "alice");
  EXPECT_EQ(doc["leaderboards"][0]["ranks"][0]["value"], 3.9);
  // Without such a figure: no leaderboard at all.
  ClassSummary plain = Summarize("lab", kCases, Class(), Link);
  EXPECT_TRUE(plain.leaderboards.empty());
  EXPECT_EQ(ClassPage(plain).find("Leaderboard"), std::string::npos);
  EXPECT_FALSE(nlohmann::json::parse(SummaryJson(plain)).contains("leaderboards"));
}

}  // namespace
}  // namespace netgrade::report
