// netgrade gradescope-bundle, run as an instructor does, then the bundle read back by Python's
// zipfile and its run_autograder run as Gradescope runs it, against a fake /autograder
// (NETGRADE_AUTOGRADER_ROOT) with the netgrade just built standing in for the one setup.sh
// builds. gradescope_hostile_test.cc runs it against submissions that attack it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/base/file.h"
#include "tests/cli/autograder.h"
#include "tests/cli/netgrade_binary.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;
using testing_cli::Ran;
using testing_cli::RunNetgrade;

const std::string kSpec = NETGRADE_SOURCE_DIR "/specs/tcp-capitalize.yaml";
const std::string kBuildSpec =
    NETGRADE_SOURCE_DIR "/tests/submissions/build/tcp-capitalize-build.yaml";
using testing_cli::Quote;

class GradescopeBundle : public testing_cli::Autograder {
 protected:
  // The score netgrade's own JSON report gives the submission.
  static double JsonScore(const fs::path& submission) {
    Ran ran = RunNetgrade({"check", kSpec, "--submission", submission, "--format", "json"});
    return nlohmann::json::parse(ran.out)["score"].get<double>();
  }
};

TEST_F(GradescopeBundle, TheZipHoldsExecutableScriptsAtTheTopTheSpecAndTheSource) {
  Ran ran = RunNetgrade({"gradescope-bundle", kSpec, "--out", zip_});
  ASSERT_EQ(ran.status, 0) << ran.err;
  EXPECT_NE(ran.err.find("autograder.zip"), std::string::npos) << ran.err;
  std::vector<std::string> listing = Listing();
  ASSERT_GE(listing.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(listing.begin(), listing.begin() + 3),
            (std::vector<std::string>{"setup.sh 0o755", "run_autograder 0o755",
                                      "spec/tcp-capitalize.yaml 0o644"}));
  for (const char* member : {"netgrade/CMakeLists.txt 0o644", "netgrade/ci/install-deps.sh 0o755",
                             "netgrade/harness/cli/cli.cc 0o644"})
    EXPECT_NE(std::find(listing.begin(), listing.end(), member), listing.end()) << member;
}

// Nothing a student's code could copy or read its answers from: the source's files are those
// building netgrade takes (CMakeLists.txt, harness/, ci/install-deps.sh), never reference/,
// tests/ (fixtures with their expected verdicts, golden reports) or a build tree, all of which
// this source tree has.
TEST_F(GradescopeBundle, TheZipHoldsNoReferenceSolutionNoFixtureNoGoldenReport) {
  for (const char* there : {"reference/tcp-capitalize/python/server.py", "tests/submissions",
                            "tests/cli/golden/pass.gradescope.json"})
    ASSERT_TRUE(fs::exists(fs::path(NETGRADE_SOURCE_DIR) / there)) << there;
  ASSERT_EQ(RunNetgrade({"gradescope-bundle", kSpec, "--out", zip_}).status, 0);
  std::vector<std::string> listing = Listing();
  for (size_t i = 3; i < listing.size(); ++i) {
    const std::string name = listing[i].substr(0, listing[i].rfind(' '));
    EXPECT_TRUE(name == "netgrade/CMakeLists.txt" || name == "netgrade/ci/install-deps.sh" ||
                name.rfind("netgrade/harness/", 0) == 0)
        << name;
    for (const char* answer : {"reference", "tests/", "submissions", "golden", "expected.yaml",
                               "CMakeCache.txt", "build/"})
      EXPECT_EQ(name.find(answer), std::string::npos) << name;
  }
}

// The bundled source configures without reference/ and tests/ (GoogleTest installed or not),
// as setup.sh configures it on Gradescope: netgrade's build needs neither.
TEST_F(GradescopeBundle, TheBundledSourceConfiguresWithoutReferenceOrTests) {
  ASSERT_EQ(RunNetgrade({"gradescope-bundle", kSpec, "--out", zip_}).status, 0);
  Extract();
  ASSERT_FALSE(fs::exists(root_ / "source/netgrade/reference"));
  ASSERT_FALSE(fs::exists(root_ / "source/netgrade/tests"));
  auto [status, out] = testing_cli::Shell("cmake -S " + Quote(root_ / "source/netgrade") + " -B " +
                                          Quote(scratch_ / "build") + " -G Ninja 2>&1");
  ASSERT_EQ(status, 0) << out;
  std::string cache = ReadFile(scratch_ / "build/CMakeCache.txt").value_or("");
  EXPECT_NE(cache.find("NETGRADE_TESTS:BOOL=OFF"), std::string::npos);
  std::string ninja = ReadFile(scratch_ / "build/build.ninja").value_or("");
  EXPECT_NE(ninja.find("build netgrade:"), std::string::npos) << "no netgrade target";
}

TEST_F(GradescopeBundle, ABrokenSpecIsAUsageErrorAndWritesNoZip) {
  fs::path spec = scratch_ / "broken.yaml";
  ASSERT_TRUE(WriteFile(spec, "exercise: x\ncases: [\n"));
  Ran ran = RunNetgrade({"gradescope-bundle", spec, "--out", zip_});
  EXPECT_EQ(ran.status, 2) << ran.err;
  EXPECT_NE(ran.err.find("broken.yaml:"), std::string::npos) << ran.err;
  EXPECT_FALSE(fs::exists(zip_));
}

TEST_F(GradescopeBundle, RunAutograderGivesTheReferenceFullMarks) {
  ASSERT_EQ(RunNetgrade({"gradescope-bundle", kSpec, "--out", zip_}).status, 0);
  Extract();
  const fs::path reference = NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python";
  fs::copy(reference, root_ / "submission", fs::copy_options::recursive);
  nlohmann::json results = RunAutograder();
  double expected = JsonScore(reference);
  ASSERT_GT(expected, 0);
  EXPECT_EQ(results.value("score", -1.0), expected) << results.dump(2);
}

TEST_F(GradescopeBundle, RunAutograderGivesABuggySubmissionItsScore) {
  ASSERT_EQ(RunNetgrade({"gradescope-bundle", kSpec, "--out", zip_}).status, 0);
  Extract();
  const fs::path buggy =
      NETGRADE_SOURCE_DIR "/tests/submissions/tcp-capitalize/one-recv-per-connection";
  fs::copy(buggy, root_ / "submission", fs::copy_options::recursive);
  nlohmann::json results = RunAutograder();
  double expected = JsonScore(buggy);
  double full = JsonScore(NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python");
  ASSERT_LT(expected, full);
  EXPECT_EQ(results.value("score", -1.0), expected) << results.dump(2);
}

// A layout error (exit 2): no report from netgrade, still a results.json, score 0, saying why.
TEST_F(GradescopeBundle, RunAutograderWritesResultsForASubmissionItCannotGrade) {
  ASSERT_EQ(RunNetgrade({"gradescope-bundle", kSpec, "--out", zip_}).status, 0);
  Extract();
  fs::copy(NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python", root_ / "submission",
           fs::copy_options::recursive);
  fs::create_symlink("/etc/passwd", root_ / "submission/classmate.py");
  nlohmann::json results = RunAutograder();
  EXPECT_EQ(results.value("score", -1.0), 0) << results.dump(2);
  EXPECT_NE(results.value("output", "").find("classmate.py"), std::string::npos) << results.dump(2);
}

// The grader's own failure (here: no netgrade, as when setup.sh's build failed): score 0 and
// the student told it is not their fault.
TEST_F(GradescopeBundle, RunAutograderWritesResultsWhenTheGraderFails) {
  ASSERT_EQ(RunNetgrade({"gradescope-bundle", kSpec, "--out", zip_}).status, 0);
  Extract();
  fs::copy(NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python", root_ / "submission",
           fs::copy_options::recursive);
  nlohmann::json results = RunAutograder((scratch_ / "no-netgrade").string());
  EXPECT_EQ(results.value("score", -1.0), 0) << results.dump(2);
  EXPECT_NE(results.value("output", "").find("not your program's fault"), std::string::npos)
      << results.dump(2);
}

// netgrade's own failure (exit 3) with a message that would break hand-made JSON: still a
// valid results.json, score 0, the message in it.
TEST_F(GradescopeBundle, RunAutograderReportsTheGradersErrorAsValidJson) {
  ASSERT_EQ(RunNetgrade({"gradescope-bundle", kSpec, "--out", zip_}).status, 0);
  Extract();
  fs::path fake = scratch_ / "failing-netgrade";
  ASSERT_TRUE(
      WriteFile(fake,
                "#!/bin/sh\nprintf 'netgrade: internal error: \"q\" \\\\ \\033[31m\\n' >&2\n"
                "exit 3\n",
                0755));
  nlohmann::json results = RunAutograder(fake.string());
  EXPECT_EQ(results.value("score", -1.0), 0) << results.dump(2);
  std::string output = results.value("output", "");
  EXPECT_NE(output.find("exit status 3"), std::string::npos) << output;
  EXPECT_NE(output.find("internal error: \"q\" \\ \x1b[31m"), std::string::npos) << output;
}

// A submission with a Makefile is built by the spec's build: make, inside netgrade, never by
// run_autograder: one that does not build scores 0, and results.json quotes make's error.
TEST_F(GradescopeBundle, RunAutograderSaysWhenTheSubmissionDoesNotBuild) {
  ASSERT_EQ(RunNetgrade({"gradescope-bundle", kBuildSpec, "--out", zip_}).status, 0);
  Extract();
  ASSERT_TRUE(WriteFile(root_ / "submission/Makefile",
                        "server:\n\techo 'server.c:1:1: error: no compiler here' >&2; false\n"));
  nlohmann::json results = RunAutograder();
  EXPECT_EQ(results.value("score", -1.0), 0) << results.dump(2);
  std::string text = results.dump();
  EXPECT_NE(text.find("no compiler here"), std::string::npos) << results.dump(2);
}

}  // namespace
}  // namespace netgrade
