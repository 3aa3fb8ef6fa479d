#include "harness/report/batch_reports.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "tests/report/sample_result.h"

namespace netgrade::report {
namespace {

using testing_report::Sample;

TEST(BatchFormats, OnceEachInTheOrderOfFormatNames) {
  EXPECT_EQ(BatchFormats({"tap", "junit", "tap"}), (std::vector<std::string>{"junit", "tap"}));
  EXPECT_EQ(BatchFormats({}), std::vector<std::string>{});
}

TEST(SubmissionReport, AGradedOneIsItsReportALayoutErrorSaysItsError) {
  run::GradeOutcome graded{Sample(), ""};
  EXPECT_EQ(SubmissionReport(graded, Format::kTap), Tap(Sample()));
  run::GradeOutcome layout{Sample(), "no server.py in sub"};
  layout.result.cases.clear();
  auto gradescope = nlohmann::json::parse(SubmissionReport(layout, Format::kGradescope));
  EXPECT_EQ(gradescope["score"], 0);
  EXPECT_NE(gradescope["output"].get<std::string>().find("no server.py"), std::string::npos);
  pugi::xml_document doc;
  std::string junit = SubmissionReport(layout, Format::kJunit);
  ASSERT_TRUE(doc.load_string(junit.c_str()));
  EXPECT_STREQ(
      doc.child("testsuites").child("testsuite").child("testcase").attribute("name").value(),
      "layout");
}

TEST(JoinJunit, OneDocumentWithEverySuiteAndTheSumsOfTheirCounts) {
  check::GradeResult a = Sample(), b = Sample();
  b.submission = "<b & \"c\">\x1b[2J";
  b.cases[1].role = "client";  // two roles: two suites
  std::string joined = JoinJunit("tcp-capitalize", {Junit(a), Junit(b)});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(joined.c_str())) << joined;
  pugi::xml_node all = doc.child("testsuites");
  EXPECT_STREQ(all.attribute("name").value(), "tcp-capitalize");
  EXPECT_EQ(all.attribute("tests").as_int(), 4);
  EXPECT_EQ(all.attribute("failures").as_int(), 2);
  std::vector<std::string> names;
  for (pugi::xml_node s : all.children("testsuite")) names.push_back(s.attribute("name").value());
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(names[0], "sub server");
  EXPECT_EQ(names[1].rfind("<b & \"c\">", 0), 0u) << names[1];
  EXPECT_EQ(names[1].find('\x1b'), std::string::npos) << "escaped, never raw in XML";
}

TEST(JoinJunit, ADocumentThatIsNotJunitIsAnError) {
  EXPECT_THROW(JoinJunit("x", {Junit(Sample()), "<testsuites><testsuite"}), std::runtime_error);
  EXPECT_THROW(JoinJunit("x", {"<other/>"}), std::runtime_error);
}

TEST(GithubGradebookSummary, CountsAndARowPerSubmissionEscaped) {
  GradebookRow passed{"alice", run::Status::kPassed, 12, 12, {}, {}, {}, {}};
  GradebookRow hostile{"|x*_<script>", run::Status::kFailed, 3, 12, {}, {}, {}, {}};
  std::string md = GithubGradebookSummary("tcp-capitalize", {passed, hostile});
  EXPECT_NE(md.find("class of 2: 1 passed, 1 failed"), std::string::npos) << md;
  EXPECT_NE(md.find("| alice | passed | 12/12 |"), std::string::npos) << md;
  EXPECT_NE(md.find("\\|x\\*\\_&lt;script&gt; | failed | 3/12 |"), std::string::npos) << md;
}

// What a class's files show of a submission: its folder's name, not the instructor's path to
// it (not in the explanations either), and a layout error out of the spec's points.
TEST(ForClass, NamesTheSubmissionByItsFolderAndALayoutErrorByTheSpecsPoints) {
  run::GradeOutcome graded{Sample(), ""};
  graded.result.submission = "/home/prof/course/subs/alice";
  check::CaseResult& failed = graded.result.cases[1];  // its parts, as MakeCaseResult makes them
  failed.cause = "No program in /home/prof/course/subs/alice/ runs.";
  failed.evidence = "\nIt looked in /home/prof/course/subs/alice/server.py.";
  failed.message = check::RenderedMessage(failed);
  graded.result.cases[1].notes = {"/home/prof/course/subs/alice is slow"};
  run::GradeOutcome shown = ForClass(graded, "specs/tcp-capitalize.yaml", 12);
  EXPECT_EQ(shown.result.submission, "alice");
  EXPECT_EQ(shown.result.cases[1].message,
            "No program in alice/ runs.\nIt looked in alice/server.py.");
  EXPECT_EQ(shown.result.cases[1].cause, "No program in alice/ runs.") << "and in each part";
  EXPECT_EQ(shown.result.cases[1].evidence, "\nIt looked in alice/server.py.");
  EXPECT_EQ(shown.result.cases[1].notes[0], "alice is slow");
  EXPECT_EQ(shown.result.max_score, 3) << "a graded submission keeps its own max";
  run::GradeOutcome layout;
  layout.result.submission = "/home/prof/course/subs/carol.zip";
  layout.layout_error = "submission '/home/prof/course/subs/carol.zip' is not a directory";
  run::GradeOutcome carol = ForClass(layout, "specs/tcp-capitalize.yaml", 12);
  EXPECT_EQ(carol.layout_error, "submission 'carol.zip' is not a directory");
  EXPECT_EQ(carol.result.max_score, 12);
  EXPECT_EQ(carol.result.spec_file, "specs/tcp-capitalize.yaml");
  std::string json = ResultFile(carol);
  EXPECT_NE(json.find("\"max_score\": 12"), std::string::npos) << json;
  EXPECT_EQ(json.find("/home/prof"), std::string::npos) << json;
}

TEST(SubmissionReport, ItsRerunCommandSaysWhereItRuns) {
  // The reports name the spec and the student's folder only: the command says it runs
  // beside them, in text and in HTML.
  run::GradeOutcome graded{Sample(), ""};
  graded.result.submission = "/home/prof/course/subs/alice";
  run::GradeOutcome shown = ForClass(graded, "tcp-capitalize.yaml", 12);
  for (Format format : {Format::kText, Format::kHtml}) {
    std::string report = SubmissionReport(shown, format);
    EXPECT_NE(report.find("Rerun it, in the folder that holds tcp-capitalize.yaml and alice/: "),
              std::string::npos)
        << report;
    EXPECT_NE(report.find("netgrade check tcp-capitalize.yaml --submission alice --case"),
              std::string::npos)
        << report;
  }
}

TEST(ShownSpecPath, RelativeUnderTheWorkingFolderElseTheFileName) {
  EXPECT_EQ(ShownSpecPath("specs/tcp-capitalize.yaml"), "specs/tcp-capitalize.yaml");
  EXPECT_EQ(ShownSpecPath((std::filesystem::current_path() / "specs/x.yaml").string()),
            "specs/x.yaml");
  EXPECT_EQ(ShownSpecPath("/nonexistent-root/prof/specs/x.yaml"), "x.yaml");
}

}  // namespace
}  // namespace netgrade::report
