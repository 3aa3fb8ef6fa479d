#include "harness/report/report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "harness/report/explain.h"
#include "harness/spec/load.h"
#include "tests/report/sample_result.h"

namespace netgrade::report {
namespace {

TEST(JsonReport, HasTheFieldsCiPipelinesRead) {
  nlohmann::json doc = nlohmann::json::parse(Json(testing_report::Sample()));
  EXPECT_EQ(doc["exercise"], "tcp-capitalize");
  EXPECT_EQ(doc["score"], 1);
  EXPECT_EQ(doc["max_score"], 3);
  EXPECT_EQ(doc["passed"], false);
  ASSERT_EQ(doc["cases"].size(), 2u);
  EXPECT_EQ(doc["cases"][0]["passed"], true);
  EXPECT_EQ(doc["cases"][0]["message"], "");
  EXPECT_EQ(doc["cases"][1]["passed"], false);
  EXPECT_EQ(doc["cases"][1]["diagnosis"], "echo");
  EXPECT_EQ(doc["cases"][1]["max_score"], 2);
  EXPECT_EQ(doc["cases"][1]["role"], "server");
}

TEST(JsonReport, CarriesEachCasesVisibility) {
  check::GradeResult r = testing_report::Sample();
  r.cases[1].visibility = spec::Visibility::kAfterPublished;
  nlohmann::json doc = nlohmann::json::parse(Json(r));
  EXPECT_EQ(doc["cases"][0]["visibility"], "visible");
  EXPECT_EQ(doc["cases"][1]["visibility"], "after_published");
}

// Every command that writes a report takes the same names, each for its own format.
TEST(ParseFormat, ReadsEachNameBackAndNothingElse) {
  std::vector<std::string> names = FormatNames();
  EXPECT_EQ(names, (std::vector<std::string>{"text", "json", "junit", "gradescope", "tap", "github",
                                             "html"}));
  std::set<Format> formats;
  for (const std::string& n : names) {
    std::optional<Format> f = ParseFormat(n);
    ASSERT_TRUE(f) << n;
    formats.insert(*f);
  }
  EXPECT_EQ(formats.size(), names.size());
  EXPECT_EQ(ParseFormat("tap"), Format::kTap);
  EXPECT_EQ(ParseFormat("gradescope"), Format::kGradescope);
  EXPECT_EQ(ParseFormat("html"), Format::kHtml);
  EXPECT_FALSE(ParseFormat("TAP"));
  EXPECT_FALSE(ParseFormat(""));
  EXPECT_FALSE(ParseFormat("xml"));
}

TEST(HiddenDetails, SaysUntilWhenAndNothingForAVisibleCase) {
  check::CaseResult c;
  EXPECT_EQ(HiddenDetails(c), "");
  c.visibility = spec::Visibility::kHidden;
  EXPECT_EQ(HiddenDetails(c), "details hidden");
  c.visibility = spec::Visibility::kAfterDueDate;
  EXPECT_EQ(HiddenDetails(c), "details hidden until after the due date");
  c.visibility = spec::Visibility::kAfterPublished;
  EXPECT_EQ(HiddenDetails(c), "details hidden until the grades are published");
}

TEST(JsonReport, SurvivesInvalidUtf8FromAStudent) {
  check::GradeResult r = testing_report::Sample();
  r.cases[1].message = "got '\xff\xfe'";
  EXPECT_TRUE(nlohmann::json::accept(Json(r))) << Json(r);
}

TEST(TextReport, ShowsEachCaseTheDiagnosisAndTheScore) {
  std::string text = Text(testing_report::Sample());
  EXPECT_NE(text.find("PASS  server-one-line"), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL  server-conversation"), std::string::npos);
  EXPECT_NE(text.find("[echo]"), std::string::npos);
  EXPECT_NE(text.find("        Second line."), std::string::npos)
      << "explanations are indented under their case";
  EXPECT_NE(text.find("Score: 1/3"), std::string::npos);
  EXPECT_NE(text.find("--seed 7"), std::string::npos);
}

TEST(Explain, NamesEveryCaseAndHowThePeerSends) {
  spec::LoadResult r =
      spec::LoadSpecFile(std::string(NETGRADE_SOURCE_DIR) + "/specs/tcp-capitalize.yaml");
  ASSERT_TRUE(r.ok());
  std::string text = Explain(*r.spec);
  for (const spec::Case& c : r.spec->cases)
    EXPECT_NE(text.find(c.name), std::string::npos) << c.name;
  EXPECT_NE(text.find("all in one write"), std::string::npos);
  EXPECT_NE(text.find("exits by itself"), std::string::npos);
  spec::LoadResult udp =
      spec::LoadSpecFile(std::string(NETGRADE_SOURCE_DIR) + "/specs/udp-capitalize.yaml");
  ASSERT_TRUE(udp.ok());
  EXPECT_NE(Explain(*udp.spec).find("Faults from the program: drops #1, #2 and #3"),
            std::string::npos);
}

}  // namespace
}  // namespace netgrade::report

namespace netgrade::report {
namespace {

TEST(ProxyBlock, AFaultPlanWithNothingAfterItIsNotAnEmptyBlock) {
  check::CaseResult c;
  c.fault_plan = "fault plan (seed 1): from the student: drops #1";
  c.transcript = {c.fault_plan};
  EXPECT_EQ(ProxyBlock(c), "\n" + c.fault_plan + "; nothing crossed the proxy.\n");
  c.transcript.push_back("   12.0 ms  from student  #1   4 B  'hi'  dropped (plan: #1)");
  std::string block = ProxyBlock(c);
  EXPECT_EQ(block.rfind("\nWhat crossed the proxy:\n", 0), 0u) << block;
  EXPECT_NE(block.find("dropped (plan: #1)"), std::string::npos);
  EXPECT_EQ(ProxyBlock(check::CaseResult{}), "");  // no proxy, nothing to say
}

TEST(NotesBlock, OneLinePerNote) {
  check::CaseResult c;
  EXPECT_EQ(NotesBlock(c), "");
  c.notes = {"a", "b"};
  EXPECT_EQ(NotesBlock(c), "\nNote: a\n\nNote: b\n");
}

TEST(GradescopeReport, APassingCaseShowsItsNotes) {
  check::GradeResult r = testing_report::Sample();
  r.cases[0].notes = {"server.py kept 100% of a CPU busy while it had nothing to do"};
  std::string doc = Gradescope(r);
  EXPECT_NE(doc.find("Passed.\\nNote: server.py kept 100% of a CPU busy"), std::string::npos)
      << doc;
}

}  // namespace
}  // namespace netgrade::report
