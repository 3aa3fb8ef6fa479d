// A case this machine cannot run (an ICMP lab without network namespaces: run/own_network.h)
// is neither passed nor failed nor the grader's error: every format says it was not run, why,
// and the remedy, even for a case the spec hides; it counts for no points.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "harness/report/report.h"
#include "tests/report/sample_result.h"

namespace netgrade::report {
namespace {

constexpr const char* kWhy =
    "Not run on this machine: icmp-pinger is an ICMP lab, and netgrade cannot make them here. "
    "Run netgrade as root (sudo netgrade check ...).";

// The sample's failing case passes; a third case, hidden, was not run.
check::GradeResult WithACaseNotRun() {
  check::GradeResult r = testing_report::Sample();
  r.cases[1].verdict = check::Verdict::kPass;
  r.cases[1].code = check::Code::kNone;
  r.cases[1].message.clear();
  r.cases[1].score = 2;
  r.score = 3;
  check::CaseResult skipped;
  skipped.name = "reply-lost";
  skipped.role = "server";
  skipped.visibility = spec::Visibility::kHidden;
  skipped.verdict = check::Verdict::kNotRun;
  skipped.code = check::Code::kNotRunHere;
  skipped.message = kWhy;
  r.cases.push_back(skipped);
  return r;
}

TEST(NotRunCase, FailsNothingButIsCounted) {
  check::GradeResult r = WithACaseNotRun();
  EXPECT_TRUE(r.all_passed());
  EXPECT_FALSE(r.grader_error());
  EXPECT_EQ(r.not_run(), 1u);
  EXPECT_FALSE(r.cases[2].graded());
  EXPECT_NE(check::NotRunSummary(r).find("1 of 3 cases not run on this machine (exit status 2): "
                                         "Not run on this machine"),
            std::string::npos)
      << check::NotRunSummary(r);
  EXPECT_EQ(check::NotRunSummary(testing_report::Sample()), "");
}

TEST(NotRunCase, TextSaysSkipWhyAndCountsIt) {
  std::string text = Text(WithACaseNotRun());
  EXPECT_NE(text.find("SKIP  reply-lost"), std::string::npos) << text;
  EXPECT_NE(text.find("[not_run_here]"), std::string::npos) << text;
  EXPECT_EQ(text.find("(not graded)"), std::string::npos) << text;
  EXPECT_NE(text.find(kWhy), std::string::npos) << text;
  EXPECT_NE(text.find("Score: 3/3 — all 2 cases passed (and 1 not run on this machine)."),
            std::string::npos)
      << text;
}

TEST(NotRunCase, JunitMarksItSkippedWithWhy) {
  std::string xml = Junit(WithACaseNotRun());
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str())) << xml;
  pugi::xml_node suite = doc.select_node("//testsuite").node();
  EXPECT_EQ(suite.attribute("skipped").as_int(), 1) << xml;
  EXPECT_EQ(suite.attribute("failures").as_int(), 0) << xml;
  EXPECT_EQ(suite.attribute("errors").as_int(), 0) << xml;
  EXPECT_EQ(doc.child("testsuites").attribute("skipped").as_int(), 1) << xml;
  pugi::xml_node skipped = doc.select_node("//testcase[@name='reply-lost']/skipped").node();
  ASSERT_TRUE(skipped) << xml;
  EXPECT_STREQ(skipped.attribute("message").value(), kWhy);
}

TEST(NotRunCase, TapSkipsItOnItsLine) {
  std::string tap = Tap(WithACaseNotRun());
  EXPECT_NE(tap.find("ok 3 - reply-lost # SKIP Not run on this machine"), std::string::npos) << tap;
  EXPECT_EQ(tap.find("not ok"), std::string::npos) << tap;
}

TEST(NotRunCase, GithubIsAnErrorWithWhyEvenWhenHidden) {
  check::GradeResult r = WithACaseNotRun();
  std::string gh = Github(r);
  EXPECT_NE(gh.find("::error title=reply-lost::Not run on this machine"), std::string::npos) << gh;
  EXPECT_NE(GithubSummary(r).find("| reply-lost | **not run here** (not\\_run\\_here) | 0/0 |"),
            std::string::npos)
      << GithubSummary(r);
}

TEST(NotRunCase, JsonSaysNotRunAndTheRunDidNotPass) {
  nlohmann::json doc = nlohmann::json::parse(Json(WithACaseNotRun()));
  EXPECT_EQ(doc["passed"], false);
  EXPECT_EQ(doc["not_run"], 1);
  EXPECT_EQ(doc["cases"][2]["verdict"], "not_run");
  EXPECT_EQ(doc["cases"][2]["diagnosis"], "not_run_here");
  EXPECT_EQ(doc["cases"][2]["message"], kWhy);
}

TEST(NotRunCase, GradescopeAndHtmlSayWhy) {
  nlohmann::json doc = nlohmann::json::parse(Gradescope(WithACaseNotRun()));
  EXPECT_EQ(doc["tests"][2]["max_score"], 0);
  EXPECT_NE(doc["tests"][2]["output"].get<std::string>().find(kWhy), std::string::npos);
  std::string html = Html(WithACaseNotRun());
  EXPECT_NE(html.find("not run here"), std::string::npos);
  EXPECT_NE(html.find("Not run on this machine"), std::string::npos);
}

}  // namespace
}  // namespace netgrade::report
