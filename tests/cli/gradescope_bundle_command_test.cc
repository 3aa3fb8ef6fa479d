// netgrade gradescope-bundle, run as an instructor does, then the bundle read back by Python's
// zipfile and its run_autograder run as Gradescope runs it, against a fake /autograder
// (NETGRADE_AUTOGRADER_ROOT) with the netgrade just built standing in for the one setup.sh
// builds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "harness/base/file.h"
#include "tests/cli/netgrade_binary.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;
using testing_cli::Ran;
using testing_cli::RunNetgrade;

const std::string kSpec = NETGRADE_SOURCE_DIR "/specs/tcp-capitalize.yaml";

// A shell command's exit status and stdout (the test's own paths only: no student's string).
std::pair<int, std::string> Shell(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return {-1, ""};
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, p)) > 0) out.append(buffer, n);
  int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string Quote(const fs::path& p) { return "'" + p.string() + "'"; }

class GradescopeBundle : public ::testing::Test {
 protected:
  fs::path scratch_ =
      fs::temp_directory_path() / ("netgrade-gradescope-test-" + std::to_string(::getpid()));
  fs::path zip_ = scratch_ / "autograder.zip";
  fs::path root_ = scratch_ / "autograder";  // stands for /autograder

  void SetUp() override { fs::create_directories(scratch_); }
  void TearDown() override { fs::remove_all(scratch_); }

  // Extracts the zip into root_/source as Gradescope does, modes from the zip's own records.
  void Extract() {
    auto [status, out] = Shell(
        "python3 -c 'import os, sys, zipfile\n"
        "z = zipfile.ZipFile(sys.argv[1])\n"
        "for i in z.infolist():\n"
        "    os.chmod(z.extract(i, sys.argv[2]), (i.external_attr >> 16) & 0o7777)' " +
        Quote(zip_) + " " + Quote(root_ / "source") + " 2>&1");
    ASSERT_EQ(status, 0) << out;
    fs::create_directories(root_ / "submission");
    fs::create_directories(root_ / "results");
  }

  // run_autograder from the extracted zip, as Gradescope runs it; results.json parsed.
  nlohmann::json RunAutograder(const std::string& netgrade = NETGRADE_BINARY_DIR "/netgrade") {
    auto [status, out] =
        Shell("cd " + Quote(root_) + " && NETGRADE_AUTOGRADER_ROOT=" + Quote(root_) + " NETGRADE=" +
              Quote(netgrade) + " " + Quote(root_ / "source/run_autograder") + " 2>&1");
    EXPECT_EQ(status, 0) << out;
    std::string text = ReadFile(root_ / "results/results.json").value_or("");
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(doc.is_discarded()) << "results.json is not JSON:\n" << text << "\n" << out;
    return doc;
  }

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
  auto [status, listing] = Shell(
      "python3 -c 'import sys, zipfile\n"
      "z = zipfile.ZipFile(sys.argv[1])\n"
      "assert z.testzip() is None\n"
      "for i in z.infolist(): print(i.filename, oct((i.external_attr >> 16) & 0o777))' " +
      Quote(zip_) + " 2>&1");
  ASSERT_EQ(status, 0) << listing;
  EXPECT_EQ(
      listing.rfind("setup.sh 0o755\nrun_autograder 0o755\nspec/tcp-capitalize.yaml 0o644\n", 0),
      0u)
      << listing;
  for (const char* member : {"netgrade/CMakeLists.txt 0o644", "netgrade/ci/install-deps.sh 0o755",
                             "netgrade/harness/cli/cli.cc 0o644"})
    EXPECT_NE(listing.find(std::string("\n") + member + "\n"), std::string::npos) << member;
  EXPECT_EQ(listing.find("netgrade/build/"), std::string::npos) << "a build tree was bundled";
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

// A submission with a Makefile is built first; one that does not build is told so, score 0.
TEST_F(GradescopeBundle, RunAutograderSaysWhenTheSubmissionDoesNotBuild) {
  ASSERT_EQ(RunNetgrade({"gradescope-bundle", kSpec, "--out", zip_}).status, 0);
  Extract();
  ASSERT_TRUE(
      WriteFile(root_ / "submission/Makefile", "server:\n\techo no compiler here; false\n"));
  nlohmann::json results = RunAutograder();
  EXPECT_EQ(results.value("score", -1.0), 0) << results.dump(2);
  std::string output = results.value("output", "");
  EXPECT_NE(output.find("did not build"), std::string::npos) << output;
  EXPECT_NE(output.find("no compiler here"), std::string::npos) << output;
}

}  // namespace
}  // namespace netgrade
