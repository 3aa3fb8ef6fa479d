// Gradescope's results.json, read as Gradescope documents it
// (gradescope-autograders.readthedocs.io/en/latest/specs/): each field we write has the
// documented name and type, status is "passed" or "failed", visibility one of its four words.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "harness/report/report.h"
#include "tests/report/sample_result.h"

namespace netgrade::report {
namespace {
using nlohmann::json;

const std::set<std::string> kVisibilities = {"hidden", "after_due_date", "after_published",
                                             "visible"};

// Every key is one Gradescope documents, with its documented type.
void ExpectDocumented(const json& doc) {
  const std::set<std::string> top = {"score",      "execution_time",    "output",
                                     "visibility", "stdout_visibility", "extra_data",
                                     "tests",      "leaderboard"};
  ASSERT_TRUE(doc.is_object()) << doc;
  for (const auto& [key, value] : doc.items()) EXPECT_TRUE(top.count(key)) << "top-level " << key;
  EXPECT_TRUE(doc.at("score").is_number());
  EXPECT_TRUE(doc.at("execution_time").is_number());
  EXPECT_GE(doc.at("execution_time").get<double>(), 0);
  EXPECT_TRUE(doc.at("output").is_string());
  EXPECT_TRUE(doc.at("extra_data").is_object());
  ASSERT_TRUE(doc.at("tests").is_array());
  const std::set<std::string> test_keys = {
      "score", "max_score",  "status",     "name",        "number",       "output",
      "tags",  "visibility", "extra_data", "name_format", "output_format"};
  for (const json& t : doc.at("tests")) {
    for (const auto& [key, value] : t.items()) EXPECT_TRUE(test_keys.count(key)) << "test " << key;
    EXPECT_TRUE(t.at("name").is_string());
    EXPECT_TRUE(t.at("score").is_number());
    EXPECT_TRUE(t.at("max_score").is_number());
    EXPECT_TRUE(t.at("output").is_string());
    std::string status = t.at("status").get<std::string>();
    EXPECT_TRUE(status == "passed" || status == "failed") << status;
    EXPECT_TRUE(kVisibilities.count(t.at("visibility").get<std::string>())) << t;
  }
}

TEST(GradescopeReport, HasEachDocumentedFieldWithItsType) {
  check::GradeResult r = testing_report::Sample();
  r.cases[0].wall_ms = 1200.4;
  r.cases[1].wall_ms = 300;
  json doc = json::parse(Gradescope(r));
  ExpectDocumented(doc);
  EXPECT_EQ(doc["score"], 1);
  EXPECT_DOUBLE_EQ(doc["execution_time"].get<double>(), 1.5) << "seconds, not milliseconds";
  EXPECT_EQ(doc["output"],
            "tcp-capitalize: 1/3 points; 1 of 2 cases failed. (seed 7: --seed 7 repeats netgrade's "
            "messages and "
            "faults, not a program's own random choices)");
  ASSERT_EQ(doc["tests"].size(), 2u);
  const json& failed = doc["tests"][1];
  EXPECT_EQ(failed["name"], "server-conversation");
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_EQ(failed["score"], 0);
  EXPECT_EQ(failed["max_score"], 2);
  EXPECT_NE(failed["output"].get<std::string>().find("This looks like an echo.\nSecond line."),
            std::string::npos)
      << failed;
  EXPECT_EQ(doc["tests"][0]["status"], "passed");
  EXPECT_EQ(doc["extra_data"]["submission"], "sub");
}

// The spec's visibility reaches Gradescope, which keeps the test from the student until then;
// the output is whole, since Gradescope shows it only when the visibility allows.
TEST(GradescopeReport, CarriesEachCasesVisibility) {
  check::GradeResult r = testing_report::Sample();
  r.cases[0].visibility = spec::Visibility::kAfterPublished;
  r.cases[1].visibility = spec::Visibility::kHidden;
  json doc = json::parse(Gradescope(r));
  EXPECT_EQ(doc["tests"][0]["visibility"], "after_published");
  EXPECT_EQ(doc["tests"][1]["visibility"], "hidden");
  EXPECT_NE(doc["tests"][1]["output"].get<std::string>().find("echo"), std::string::npos);
  r.cases[1].visibility = spec::Visibility::kAfterDueDate;
  EXPECT_EQ(json::parse(Gradescope(r))["tests"][1]["visibility"], "after_due_date");
}

TEST(GradescopeReport, ALeaderboardFigureIsOnTheLeaderboardAndNoOtherIs) {
  check::GradeResult r = testing_report::Sample();
  EXPECT_FALSE(json::parse(Gradescope(r)).contains("leaderboard"));
  r.cases[0].figures = {
      {.name = "goodput", .value = 3.72, .unit = "Mbit/s", .words = "", .leaderboard = true},
      {.name = "most in flight", .value = 50, .unit = "packets", .words = ""}};
  json doc = json::parse(Gradescope(r));
  ASSERT_EQ(doc["leaderboard"].size(), 1u);
  EXPECT_EQ(doc["leaderboard"][0]["value"], 3.72);
  EXPECT_EQ(doc["leaderboard"][0]["order"], "desc");
  EXPECT_NE(doc["leaderboard"][0]["name"].get<std::string>().find("goodput (Mbit/s)"),
            std::string::npos);
}

TEST(GradescopeReport, ShowsTheTranscriptOfAFailureWithTheStudentsBytesMadeVisible) {
  check::GradeResult r = testing_report::Sample();
  r.cases[1].transcript = {"fault plan (seed 7): none", "from student #1 'a\x1b[2Jb\xff'"};
  json doc = json::parse(Gradescope(r));
  ExpectDocumented(doc);
  std::string output = doc["tests"][1]["output"];
  EXPECT_NE(output.find("What crossed the proxy:\n  fault plan (seed 7): none\n"),
            std::string::npos)
      << output;
  EXPECT_NE(output.find("'a\\x1b[2Jb\\xff'"), std::string::npos) << output;
}

// Gradescope shows a student only this file: a submission that could not be graded says why.
TEST(GradescopeReport, ALayoutErrorIsScoreZeroWithTheErrorInOutput) {
  run::GradeOutcome o;
  o.result.exercise = "tcp-capitalize";
  o.result.submission = "sub";
  o.layout_error = "There is no program for the role 'server' (looked for server, server.py).";
  json doc = json::parse(GradescopeLayoutError(o));
  ExpectDocumented(doc);
  EXPECT_EQ(doc["score"], 0);
  EXPECT_TRUE(doc["tests"].empty());
  EXPECT_NE(doc["output"].get<std::string>().find(o.layout_error), std::string::npos) << doc;
}

TEST(GradescopeReport, AClassIsAListOfOneDocumentPerSubmissionInOrder) {
  run::GradeOutcome graded{testing_report::Sample(), ""}, ungraded;
  ungraded.result.submission = "second";
  ungraded.layout_error = "no such directory";
  json list = json::parse(GradescopeClass({graded, ungraded}));
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 2u);
  for (const json& doc : list) ExpectDocumented(doc);
  EXPECT_EQ(list[0]["extra_data"]["submission"], "sub");
  EXPECT_EQ(list[0]["tests"].size(), 2u);
  EXPECT_EQ(list[1]["extra_data"]["submission"], "second");
  EXPECT_EQ(list[1]["score"], 0);
}

}  // namespace
}  // namespace netgrade::report
