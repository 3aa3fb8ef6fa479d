// GitHub workflow commands, read back as the runner reads them: a line "::error title=T::M",
// properties split at ',' and '=', then %25 %0D %0A %3A %2C decoded. Each annotation is one
// line whatever a student printed; the job summary goes to $GITHUB_STEP_SUMMARY only when set.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "harness/report/report.h"
#include "tests/report/sample_result.h"

namespace netgrade::report {
namespace {
namespace fs = std::filesystem;

struct Command {
  std::string name, title, message;
};

std::string Decode(std::string s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      std::string code = s.substr(i, 3);
      char c = code == "%25"   ? '%'
               : code == "%0D" ? '\r'
               : code == "%0A" ? '\n'
               : code == "%3A" ? ':'
               : code == "%2C" ? ','
                               : 0;
      if (c != 0) {
        out += c;
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// Every line must be a command; a property value may hold no raw ':' or ','.
std::vector<Command> ReadCommands(const std::string& text) {
  std::vector<Command> out;
  std::istringstream in(text);
  static const std::regex kCommand(R"(::(error|warning|notice)(?: title=([^,:]*))?::(.*))");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, kCommand)) {
      ADD_FAILURE() << "not one workflow command: " << line << "\n" << text;
      continue;
    }
    EXPECT_EQ(line.find('\r'), std::string::npos) << line;
    out.push_back({m[1], Decode(m[2]), Decode(m[3])});
  }
  return out;
}

TEST(GithubReport, AnnotatesEachFailureWithItsFirstLineThenTheScore) {
  std::vector<Command> commands = ReadCommands(Github(testing_report::Sample()));
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0].name, "error");
  EXPECT_EQ(commands[0].title, "server-conversation");
  EXPECT_EQ(commands[0].message, "This looks like an echo.");
  EXPECT_EQ(commands[1].name, "notice");
  EXPECT_EQ(commands[1].title, "tcp-capitalize score");
  EXPECT_EQ(commands[1].message,
            "1/3 points; 1 of 2 cases failed. (seed 7: --seed 7 repeats netgrade's messages and faults, not a "
            "program's own random choices)");
}

TEST(GithubReport, HostileTextStaysOneLineAndComesBackAsWritten) {
  check::GradeResult r = testing_report::Sample();
  r.cases[1].message = "got '100%0A\r::error::fake, a: b'\nsecond line";
  std::vector<Command> commands = ReadCommands(Github(r));
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0].message, "got '100%0A\\r::error::fake, a: b'");
  run::GradeOutcome evil{testing_report::Sample(), ""};
  evil.result.submission = "a,b:c\n::error::x%";
  commands = ReadCommands(GithubClass({evil}));
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0].title, "a,b:c\n::error::x%: server-conversation");
}

// A student reads the run's annotations: a hidden case says it failed, never why.
TEST(GithubReport, AHiddenCaseFailsWithoutItsExplanation) {
  check::GradeResult r = testing_report::Sample();
  r.cases[1].visibility = spec::Visibility::kAfterDueDate;
  std::string out = Github(r);
  EXPECT_EQ(out.find("echo"), std::string::npos) << out;
  EXPECT_EQ(ReadCommands(out)[0].message, "Failed (details hidden until after the due date).");
  std::string summary = GithubSummary(r);
  EXPECT_EQ(summary.find("echo"), std::string::npos) << summary;
  EXPECT_NE(summary.find("| server-conversation | **failed** (details hidden until after the due "
                         "date) | 0/2 |"),
            std::string::npos)
      << summary;
}

TEST(GithubReport, TheSummaryIsATableThenTheExplanationsWithStudentTextEscaped) {
  check::GradeResult r = testing_report::Sample();
  r.submission = "a|b`c<img src=x>";
  r.cases[1].message = "got '</pre><script>x</script> | `y`'";
  std::string md = GithubSummary(r);
  EXPECT_NE(md.find("| case | result | points |\n|---|---|---|\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| server-one-line | passed | 1/1 |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| server-conversation | **failed** (echo) | 0/2 |\n"), std::string::npos)
      << md;
  EXPECT_NE(md.find("submission a\\|b\\`c&lt;img src=x&gt;"), std::string::npos) << md;
  EXPECT_NE(md.find("<pre>\ngot '&lt;/pre&gt;&lt;script&gt;x&lt;/script&gt; | `y`'\n"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("<script"), std::string::npos) << md;
  EXPECT_EQ(md.find("</pre><"), std::string::npos) << md;
}

// A folder of its own for $GITHUB_STEP_SUMMARY, removed at the end.
class StepSummary : public testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "netgrade-summary-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    saved_ = std::getenv("GITHUB_STEP_SUMMARY") ? std::getenv("GITHUB_STEP_SUMMARY") : "";
    had_ = std::getenv("GITHUB_STEP_SUMMARY") != nullptr;
  }
  void TearDown() override {
    if (had_)
      ::setenv("GITHUB_STEP_SUMMARY", saved_.c_str(), 1);
    else
      ::unsetenv("GITHUB_STEP_SUMMARY");
    fs::remove_all(dir_);
  }
  fs::path dir_;
  std::string saved_;
  bool had_ = false;
};

TEST_F(StepSummary, IsAppendedToTheFileGithubNames) {
  fs::path file = dir_ / "summary.md";
  std::ofstream(file) << "earlier step\n";
  ::setenv("GITHUB_STEP_SUMMARY", file.c_str(), 1);
  std::vector<run::GradeOutcome> outcomes = {{testing_report::Sample(), ""}};
  AppendGithubStepSummary(outcomes);
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "earlier step\n" + GithubSummary(testing_report::Sample()));
}

// Outside GitHub there is no summary: no file is opened (an empty name would fail to open).
TEST_F(StepSummary, AnEmptyOrMissingVariableIsNoSummaryAndNoError) {
  ::setenv("GITHUB_STEP_SUMMARY", "", 1);
  EXPECT_NO_THROW(AppendGithubStepSummary({{testing_report::Sample(), ""}}));
  ::unsetenv("GITHUB_STEP_SUMMARY");
  EXPECT_NO_THROW(AppendGithubStepSummary({{testing_report::Sample(), ""}}));
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(StepSummary, AFileThatCannotBeWrittenIsAnError) {
  ::setenv("GITHUB_STEP_SUMMARY", (dir_ / "no-such-dir" / "summary.md").c_str(), 1);
  EXPECT_THROW(AppendGithubStepSummary({{testing_report::Sample(), ""}}), std::runtime_error);
}

}  // namespace
}  // namespace netgrade::report
