// TAP version 13, read by a small consumer written to the specification: the version line,
// a plan that counts the test lines, test lines numbered in order, and under each `not ok` a
// YAML block (between "  ---" and "  ...") that yaml-cpp parses. Every other line is a comment.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <regex>
#include <sstream>

#include "harness/report/report.h"
#include "tests/report/sample_result.h"

namespace netgrade::report {
namespace {

struct TapTest {
  bool ok = false;
  int number = 0;
  std::string description;
  YAML::Node diagnostics;  // the YAML block, when it has one
};

// Fails the calling test on anything TAP 13 would not read as meant.
std::vector<TapTest> ReadTap(const std::string& tap) {
  std::vector<std::string> lines;
  std::istringstream in(tap);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::vector<TapTest> tests;
  EXPECT_GE(lines.size(), 2u) << tap;
  if (lines.size() < 2) return tests;
  EXPECT_EQ(lines[0], "TAP version 13");
  std::smatch m;
  int planned = -1;
  if (std::regex_match(lines[1], m, std::regex(R"(1\.\.(\d+))"))) planned = std::stoi(m[1]);
  EXPECT_GE(planned, 0) << "no plan: " << lines[1];
  static const std::regex kTest(R"((not )?ok (\d+)(?: - (.*))?)");
  for (size_t i = 2; i < lines.size(); ++i) {
    if (!lines[i].empty() && lines[i][0] == '#') continue;
    if (!std::regex_match(lines[i], m, kTest)) {
      ADD_FAILURE() << "line " << i + 1
                    << " is neither a test, a comment nor in a YAML block: " << lines[i] << "\n"
                    << tap;
      continue;
    }
    TapTest t;
    t.ok = !m[1].matched;
    t.number = std::stoi(m[2]);
    t.description = m[3];
    EXPECT_EQ(t.number, static_cast<int>(tests.size()) + 1) << lines[i];
    if (i + 1 < lines.size() && lines[i + 1] == "  ---") {
      std::string yaml;
      size_t end = i + 2;
      for (; end < lines.size() && lines[end] != "  ..."; ++end) {
        EXPECT_EQ(lines[end].rfind("  ", 0), 0u) << "not indented: " << lines[end];
        yaml += lines[end].substr(std::min<size_t>(2, lines[end].size())) + "\n";
      }
      EXPECT_LT(end, lines.size()) << "a YAML block without its end";
      try {
        t.diagnostics = YAML::Load(yaml);
      } catch (const YAML::Exception& e) {
        ADD_FAILURE() << "YAML block of test " << t.number << ": " << e.what() << "\n" << yaml;
      }
      i = end;
    }
    if (!t.ok) {
      EXPECT_TRUE(t.diagnostics.IsMap()) << "not ok " << t.number << " has no YAML block";
    }
    tests.push_back(t);
  }
  EXPECT_EQ(static_cast<int>(tests.size()), planned) << tap;
  return tests;
}

TEST(TapReport, PlansEveryCaseAndExplainsEachFailureInYaml) {
  check::GradeResult r = testing_report::Sample();
  r.cases[1].transcript = {"fault plan (seed 7): none", "from student #1 'x'"};
  std::vector<TapTest> tests = ReadTap(Tap(r));
  ASSERT_EQ(tests.size(), 2u);
  EXPECT_TRUE(tests[0].ok);
  EXPECT_EQ(tests[0].description, "server-one-line");
  EXPECT_FALSE(tests[1].ok);
  EXPECT_EQ(tests[1].description, "server-conversation");
  const YAML::Node& d = tests[1].diagnostics;
  EXPECT_EQ(d["message"].as<std::string>(), "This looks like an echo.");
  EXPECT_EQ(d["severity"].as<std::string>(), "fail");
  EXPECT_EQ(d["data"]["diagnosis"].as<std::string>(), "echo");
  EXPECT_EQ(d["data"]["max_score"].as<int>(), 2);
  EXPECT_EQ(d["data"]["visibility"].as<std::string>(), "visible");
  EXPECT_EQ(d["data"]["explanation"].as<std::string>(), "This looks like an echo.\nSecond line.");
  ASSERT_EQ(d["data"]["transcript"].size(), 2u);
  EXPECT_EQ(d["data"]["transcript"][1].as<std::string>(), "from student #1 'x'");
}

// What a student printed cannot end the YAML block, add a test line or a directive: it comes
// back from the YAML as it was written (escapes where it was not valid text).
TEST(TapReport, HostileTextStaysInsideItsYamlString) {
  check::GradeResult r = testing_report::Sample();
  std::string hostile = "got '\n  ...\nok 3 - fake # SKIP\n  ---\x1b[2J\xff: {a: [\u2028'\"\\";
  r.cases[1].message = hostile;
  r.cases[1].transcript = {hostile};
  std::vector<TapTest> tests = ReadTap(Tap(r));
  ASSERT_EQ(tests.size(), 2u);
  const YAML::Node& data = tests[1].diagnostics["data"];
  std::string explanation = data["explanation"].as<std::string>();
  EXPECT_EQ(explanation, "got '\n  ...\nok 3 - fake # SKIP\n  ---\\x1b[2J\\xff: {a: [\u2028'\"\\");
  EXPECT_EQ(data["transcript"][0].as<std::string>(), explanation);
}

// A class: one plan over every case of every submission, each test named by its submission,
// a submission that could not be graded one failed test; a hostile folder name stays one
// description without a directive.
TEST(TapReport, AClassIsOnePlanWithTestsNamedBySubmission) {
  run::GradeOutcome first{testing_report::Sample(), ""}, second{testing_report::Sample(), ""},
      ungraded;
  second.result.submission = "evil\nok 9 - x # TODO";
  ungraded.result.submission = "late";
  ungraded.layout_error = "no such directory";
  std::vector<TapTest> tests = ReadTap(TapClass({first, second, ungraded}));
  ASSERT_EQ(tests.size(), 5u);
  EXPECT_EQ(tests[0].description, "sub: server-one-line");
  EXPECT_EQ(tests[3].description, "evil\\\\nok 9 - x \\# TODO: server-conversation");
  EXPECT_FALSE(tests[4].ok);
  EXPECT_EQ(tests[4].description, "late: layout");
  EXPECT_EQ(tests[4].diagnostics["data"]["explanation"].as<std::string>(), "no such directory");
}

}  // namespace
}  // namespace netgrade::report
