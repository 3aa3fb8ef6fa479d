// netgrade as a user runs it: the built binary, its exit status, and the reports it prints
// (text for a person, JSON and JUnit for machines, one run over a class).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "tests/cli/netgrade_binary.h"
#include "tests/support/temp_dir.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;
using testing_cli::Ran;
using testing_cli::RunNetgrade;

const char kPass[] = "reference/tcp-capitalize/python";
const char kWrongContent[] = "tests/submissions/tcp-capitalize/minus-32-server";
const char kMisspelt[] = "tests/cli/fixtures/misspelt-server";
// The heart of the wrong_content diagnosis of kWrongContent (which subtracts 32 from every
// byte past 96, so '{' becomes '[').
const char kWhereItDiffers[] = "They first differ at character 53: expected '...#42 E-MAIL";

Ran Check(const std::vector<std::string>& submissions, const std::string& test_case,
          const std::vector<std::string>& more = {}) {
  std::vector<std::string> args = {"check", "specs/tcp-capitalize.yaml", "--case", test_case};
  for (const std::string& s : submissions) args.insert(args.end(), {"--submission", s});
  args.insert(args.end(), more.begin(), more.end());
  return RunNetgrade(args);
}

std::string Shown(const Ran& ran) { return "stdout:\n" + ran.out + "\nstderr:\n" + ran.err; }

TEST(CheckBinary, APassingSubmissionExitsZeroWithItsTextReport) {
  Ran ran = Check({kPass}, "server-one-line");
  EXPECT_EQ(ran.status, 0) << Shown(ran);
  EXPECT_NE(
      ran.out.find("tcp-capitalize (specs/tcp-capitalize.yaml) — submission " + std::string(kPass)),
      std::string::npos)
      << Shown(ran);
  EXPECT_NE(ran.out.find("  PASS  server-one-line"), std::string::npos) << Shown(ran);
  EXPECT_NE(
      ran.out.find(
          "Score: 1/1 — the only case passed. (seed 1: --seed 1 repeats netgrade's messages and "
          "faults, not a program's own random choices)"),
      std::string::npos)
      << Shown(ran);
}

TEST(CheckBinary, AFailingSubmissionExitsOneWithItsDiagnosis) {
  Ran ran = Check({kWrongContent}, "server-mixed-characters");
  EXPECT_EQ(ran.status, 1) << Shown(ran);
  EXPECT_NE(ran.out.find("  FAIL  server-mixed-characters"), std::string::npos) << Shown(ran);
  EXPECT_NE(ran.out.find("[wrong_content]"), std::string::npos) << Shown(ran);
  EXPECT_NE(ran.out.find(kWhereItDiffers), std::string::npos) << Shown(ran);
}

// Piped, the report has no colour; --color=always colours it (also with NO_COLOR, which the
// flag overrides). A failure ends with the command that reruns it, as it was invoked.
TEST(CheckBinary, ColourOnlyWhenAskedWhenPipedAndEachFailureSaysHowToRerunIt) {
  Ran plain = Check({kWrongContent}, "server-mixed-characters");
  EXPECT_EQ(plain.out.find("\x1b["), std::string::npos) << Shown(plain);
  const std::string source = NETGRADE_SOURCE_DIR;
  std::string command = std::string(NETGRADE_BINARY_DIR) + "/netgrade check " + source +
                        "/specs/tcp-capitalize.yaml --submission " + source + "/" + kWrongContent +
                        " --case server-mixed-characters --seed 1";
  EXPECT_NE(plain.out.find("Rerun it: " + command + "\n"), std::string::npos) << Shown(plain);
  // Pasted as it is, from another folder, it runs the case again.
  Ran pasted = RunNetgrade({}, {}, {"/bin/sh", "-c", "cd / && " + command});
  EXPECT_EQ(pasted.status, 1) << Shown(pasted);
  EXPECT_NE(pasted.out.find("  FAIL  server-mixed-characters"), std::string::npos) << Shown(pasted);
  EXPECT_NE(plain.out.find("                     ^ first difference"), std::string::npos)
      << Shown(plain);
  Ran coloured =
      RunNetgrade({"check", "specs/tcp-capitalize.yaml", "--case", "server-mixed-characters",
                   "--submission", kWrongContent, "--color=always"},
                  {"NO_COLOR=1"});
  EXPECT_EQ(coloured.status, 1) << Shown(coloured);
  EXPECT_NE(coloured.out.find("\x1b[1;31mFAIL\x1b[0m  server-mixed-characters"), std::string::npos)
      << Shown(coloured);
}

// On a real terminal (script(1) gives netgrade a pty) the report is coloured, unless NO_COLOR
// has a value (an empty one does not count).
TEST(CheckBinary, ColourOnATerminalButNotWithNoColor) {
  if (::access("/usr/bin/script", X_OK) != 0) GTEST_SKIP() << "script(1) is not installed";
  auto on_terminal = [](const std::string& no_color) {
    std::string command = "env TERM=xterm NO_COLOR=" + no_color + " " +
                          std::string(NETGRADE_BINARY_DIR) +
                          "/netgrade check specs/tcp-capitalize.yaml --submission " + kPass +
                          " --case server-one-line";
    std::string shell = "cd " NETGRADE_SOURCE_DIR " && script -qec '" + command + "' /dev/null";
    FILE* p = ::popen(shell.c_str(), "r");
    std::string out;
    char buf[4096];
    while (size_t n = p ? std::fread(buf, 1, sizeof buf, p) : 0) out.append(buf, n);
    if (p) ::pclose(p);
    return out;
  };
  std::string coloured = on_terminal("");
  EXPECT_NE(coloured.find("\x1b[32mPASS\x1b[0m  server-one-line"), std::string::npos) << coloured;
  std::string plain = on_terminal("1");
  EXPECT_NE(plain.find("PASS  server-one-line"), std::string::npos) << plain;
  EXPECT_EQ(plain.find("\x1b["), std::string::npos) << plain;
}

TEST(CheckBinary, AnUnknownFlagIsAUsageError) {
  Ran ran = Check({kPass}, "server-one-line", {"--frobnicate"});
  EXPECT_EQ(ran.status, 2) << Shown(ran);
  EXPECT_NE(ran.err.find("--frobnicate"), std::string::npos) << Shown(ran);
  EXPECT_EQ(ran.out.find("PASS"), std::string::npos) << "nothing was graded";
}

TEST(CheckBinary, ABrokenSpecIsAnErrorAtItsFileLineAndColumn) {
  Ran ran = RunNetgrade({"check", "tests/spec/broken/bad-mode.yaml", "--submission", kPass});
  EXPECT_EQ(ran.status, 2) << Shown(ran);
  EXPECT_NE(ran.err.find("tests/spec/broken/bad-mode.yaml:16:17: expected one of conversation, "
                         "one-write, line-per-write"),
            std::string::npos)
      << Shown(ran);
}

TEST(CheckBinary, ASubmissionWithNoProgramIsALayoutError) {
  Ran ran = Check({kMisspelt}, "server-one-line");
  EXPECT_EQ(ran.status, 2) << Shown(ran);
  EXPECT_NE(ran.err.find("'sever.py' looks like a misspelling of 'server.py': rename it."),
            std::string::npos)
      << Shown(ran);
}

TEST(CheckBinary, ASubmissionThatIsNoDirectoryIsALayoutError) {
  Ran ran = Check({"tests/cli/fixtures/does-not-exist"}, "server-one-line");
  EXPECT_EQ(ran.status, 2) << Shown(ran);
  EXPECT_NE(ran.err.find("submission 'tests/cli/fixtures/does-not-exist' is not a directory"),
            std::string::npos)
      << Shown(ran);
}

// The grader's own failure, never the student's: with TMPDIR naming no directory it cannot
// make the private copy a case runs in.
TEST(CheckBinary, AGraderThatCannotMakeItsWorkingCopyExitsThree) {
  Ran ran = RunNetgrade(
      {"check", "specs/tcp-capitalize.yaml", "--submission", kPass, "--case", "server-one-line"},
      {"TMPDIR=/nonexistent/netgrade-cli-test"});
  EXPECT_EQ(ran.status, 3) << Shown(ran);
  EXPECT_NE((ran.out + ran.err).find("not your program's fault"), std::string::npos) << Shown(ran);
}

// Status 3 with a report on stdout a script may not show (JSON): stderr says which case the
// grader failed, and why.
TEST(CheckBinary, StatusThreeSaysOnStderrWhichCasesTheGraderFailed) {
  Ran ran = RunNetgrade({"check", "specs/tcp-capitalize.yaml", "--submission", kPass, "--case",
                         "server-one-line", "--format", "json"},
                        {"TMPDIR=/nonexistent/netgrade-cli-test"});
  EXPECT_EQ(ran.status, 3) << Shown(ran);
  EXPECT_NE(ran.err.find("netgrade: 1 of 1 case could not be graded (the grader failed, not the "
                         "program; exit status 3):\n  server-one-line: The grader itself failed"),
            std::string::npos)
      << Shown(ran);
}

TEST(CheckBinary, JsonHasTheFieldsOfEachCase) {
  Ran ran = Check({kWrongContent}, "server-mixed-characters", {"--format", "json", "--seed", "5"});
  EXPECT_EQ(ran.status, 1) << Shown(ran);
  nlohmann::json doc = nlohmann::json::parse(ran.out);
  EXPECT_EQ(doc["exercise"], "tcp-capitalize");
  EXPECT_EQ(doc["spec"], "specs/tcp-capitalize.yaml");
  EXPECT_EQ(doc["submission"], kWrongContent);
  EXPECT_EQ(doc["seed"], 5);
  EXPECT_EQ(doc["passed"], false);
  EXPECT_EQ(doc["score"], 0);
  ASSERT_EQ(doc["cases"].size(), 1u) << doc.dump(2);
  const nlohmann::json& c = doc["cases"][0];
  EXPECT_EQ(c["name"], "server-mixed-characters");
  EXPECT_EQ(c["role"], "server");
  EXPECT_EQ(c["program"], "server.py");
  EXPECT_EQ(c["verdict"], "fail");
  EXPECT_EQ(c["diagnosis"], "wrong_content");
  EXPECT_EQ(c["score"], 0);
  EXPECT_GT(c["max_score"], 0);
  EXPECT_NE(c["message"].get<std::string>().find(kWhereItDiffers), std::string::npos);
  EXPECT_TRUE(c["wall_ms"].is_number());
  EXPECT_TRUE(c["transcript"].is_array());
}

TEST(CheckBinary, JunitIsASuitePerRoleWithAFailureElementPerFailedCase) {
  Ran ran = Check({kWrongContent}, "server-mixed-characters", {"--format", "junit"});
  EXPECT_EQ(ran.status, 1) << Shown(ran);
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_string(ran.out.c_str());
  ASSERT_TRUE(parsed) << parsed.description() << "\n" << ran.out;
  EXPECT_STREQ(doc.child("testsuites").attribute("name").value(), "tcp-capitalize");
  pugi::xml_node suite = doc.child("testsuites").child("testsuite");
  EXPECT_EQ(std::string(suite.attribute("name").value()), std::string(kWrongContent) + " server");
  EXPECT_EQ(suite.attribute("tests").as_int(), 1);
  EXPECT_EQ(suite.attribute("failures").as_int(), 1);
  EXPECT_EQ(suite.attribute("errors").as_int(), 0);
  pugi::xml_node tc = suite.child("testcase");
  EXPECT_STREQ(tc.attribute("name").value(), "server-mixed-characters");
  EXPECT_STREQ(tc.attribute("classname").value(), "tcp-capitalize.server");
  EXPECT_STREQ(tc.child("failure").attribute("type").value(), "wrong_content");
  EXPECT_NE(std::string(tc.child("failure").text().get()).find(kWhereItDiffers), std::string::npos);
}

// Gradescope shows a student only results.json: a submission that cannot be graded still gets
// one, score 0 and the error in its output; the exit status is still the layout error's.
TEST(CheckBinary, GradescopeGetsAResultsJsonAlsoForALayoutError) {
  Ran ran = Check({kMisspelt}, "server-one-line", {"--format", "gradescope"});
  EXPECT_EQ(ran.status, 2) << Shown(ran);
  nlohmann::json doc = nlohmann::json::parse(ran.out);
  EXPECT_EQ(doc["score"], 0);
  EXPECT_TRUE(doc["tests"].empty());
  EXPECT_NE(doc["output"].get<std::string>().find("'sever.py' looks like a misspelling"),
            std::string::npos)
      << doc;
  EXPECT_EQ(doc["extra_data"]["submission"], kMisspelt);
  EXPECT_NE(ran.err.find("'sever.py' looks like a misspelling"), std::string::npos) << ran.err;
}

// A GitHub job shows its annotations and step summary: a submission whose layout is wrong gets
// an error annotation with the whole message (its fix, not a first line ending in a colon) and
// a step summary that says it, not only a line in the log; the exit status is still 2.
TEST(CheckBinary, GithubGetsAnAnnotationAndASummaryAlsoForALayoutError) {
  testing_support::UniqueTempDir dir("netgrade-github-layout");
  const std::string summary = (dir.path() / "summary.md").string();
  std::vector<std::string> args = {"check",        "specs/tcp-capitalize.yaml",
                                   "--case",       "server-one-line",
                                   "--submission", kMisspelt,
                                   "--format",     "github"};
  Ran ran = RunNetgrade(args, {"GITHUB_STEP_SUMMARY=" + summary});
  EXPECT_EQ(ran.status, 2) << Shown(ran);
  EXPECT_EQ(ran.out.rfind("::error title=layout::Not graded: ", 0), 0u) << ran.out;
  EXPECT_NE(ran.out.find("'sever.py' looks like a misspelling"), std::string::npos) << ran.out;
  EXPECT_EQ(ran.out.find('\n'), ran.out.size() - 1) << "one annotation, its lines as %0A";
  std::ifstream file(summary);
  std::string written((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  EXPECT_NE(written.find("'sever.py' looks like a misspelling"), std::string::npos) << written;
}

// A class: every submission is in the report, also the one that could not be graded.
const std::vector<std::string> kClass = {kPass, kMisspelt, "tests/cli/fixtures/does-not-exist"};

TEST(CheckBinaryClass, JsonListsEverySubmissionAlsoOneWithALayoutError) {
  Ran ran = Check(kClass, "server-one-line", {"--format", "json"});
  EXPECT_EQ(ran.status, 1) << Shown(ran);
  nlohmann::json list = nlohmann::json::parse(ran.out);
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 3u) << list.dump(2);
  EXPECT_EQ(list[0]["submission"], kPass);
  EXPECT_EQ(list[0]["passed"], true);
  EXPECT_FALSE(list[0].contains("layout_error"));
  for (size_t i : {1, 2}) {
    EXPECT_EQ(list[i]["submission"], kClass[i]);
    EXPECT_EQ(list[i]["exercise"], "tcp-capitalize");
    EXPECT_EQ(list[i]["passed"], false);
    EXPECT_EQ(list[i]["cases"].size(), 0u);
  }
  EXPECT_NE(list[1]["layout_error"].get<std::string>().find("'sever.py' looks like a misspelling"),
            std::string::npos);
  EXPECT_NE(list[2]["layout_error"].get<std::string>().find("is not a directory"),
            std::string::npos);
}

TEST(CheckBinaryClass, JunitIsOneDocumentWithASuitePerSubmissionAndRole) {
  Ran ran = Check(kClass, "server-one-line", {"--format", "junit"});
  EXPECT_EQ(ran.status, 1) << Shown(ran);
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_string(ran.out.c_str());
  ASSERT_TRUE(parsed) << parsed.description() << "\n" << ran.out;
  pugi::xml_node all = doc.document_element();
  EXPECT_STREQ(all.name(), "testsuites");
  EXPECT_EQ(all.attribute("tests").as_int(), 3);
  EXPECT_EQ(all.attribute("failures").as_int(), 2);
  std::vector<std::string> names;
  for (pugi::xml_node suite : all.children("testsuite"))
    names.push_back(suite.attribute("name").value());
  EXPECT_EQ(names,
            (std::vector<std::string>{std::string(kPass) + " server", kClass[1], kClass[2]}));
  pugi::xml_node layout = all.find_child_by_attribute("testsuite", "name", kMisspelt);
  EXPECT_STREQ(layout.child("testcase").child("failure").attribute("type").value(), "layout_error");
  EXPECT_EQ(std::string(ran.out).find("<?xml", 1), std::string::npos) << "one document";
}

TEST(CheckBinaryClass, TextHasAReportPerSubmissionThenTheSummary) {
  Ran ran = Check(kClass, "server-one-line");
  EXPECT_EQ(ran.status, 1) << Shown(ran);
  EXPECT_NE(ran.out.find("  PASS  server-one-line"), std::string::npos) << Shown(ran);
  EXPECT_NE(ran.out.find("Summary (3 submissions):\n"
                         "           1/1  reference/tcp-capitalize/python\n"
                         "  layout error  tests/cli/fixtures/misspelt-server\n"
                         "  layout error  tests/cli/fixtures/does-not-exist\n"),
            std::string::npos)
      << Shown(ran);
  EXPECT_NE(ran.err.find("netgrade: tests/cli/fixtures/misspelt-server: no program"),
            std::string::npos)
      << Shown(ran);
}

}  // namespace
}  // namespace netgrade
