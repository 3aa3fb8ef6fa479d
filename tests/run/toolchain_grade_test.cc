// Grading with the invoking user's toolchain, end to end: a Python reference run by a pyenv
// version (laid out in a temporary home folder, its python3 a link to the system's) is graded
// in the sandbox, which shows that version's folder, and the result names it; a `cargo` first
// on the PATH that is a script writing outside its folder still runs only in the build's
// sandbox, and nothing it writes reaches the machine or the submission.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "harness/base/file.h"
#include "harness/plan/languages.h"
#include "harness/run/grade.h"
#include "harness/sandbox/landlock.h"
#include "harness/spec/load.h"
#include "tests/support/environment.h"

namespace netgrade::run {
namespace {
namespace fs = std::filesystem;

class ToolchainGradeTest : public testing::Test {
 protected:
  void SetUp() override {
    // Readable by others: root grades each case as a user of its own.
    top_ = fs::temp_directory_path() / ("netgrade-tc-grade-" + std::to_string(::getpid()));
    fs::remove_all(top_);
    fs::create_directories(top_ / "home");
    fs::permissions(top_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
    const char* path = std::getenv("PATH");
    path_ = path ? path : "/usr/bin:/bin";
  }
  void TearDown() override { fs::remove_all(top_); }

  void Executable(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    ASSERT_TRUE(WriteFile(file.string(), text, 0755));
  }
  spec::Spec Spec() {
    spec::LoadResult loaded =
        spec::LoadSpecFile(std::string(NETGRADE_SOURCE_DIR) + "/specs/tcp-capitalize.yaml");
    EXPECT_TRUE(loaded.ok());
    return loaded.ok() ? *loaded.spec : spec::Spec{};
  }
  check::GradeResult GradeOne(const fs::path& submission) {
    GradeOptions o;
    o.submission = submission;
    o.cases = {"server-one-line"};
    return Grade(Spec(), o);
  }

  fs::path top_;
  std::string path_;
  testing_support::Environment env_;
};

TEST_F(ToolchainGradeTest, APythonProgramRunsWithThePyenvVersionAndTheResultNamesIt) {
  if (::access("/usr/bin/python3", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/python3";
  fs::path pyenv = top_ / "home" / ".pyenv";
  Executable(pyenv / "shims" / "python3", "#!/usr/bin/env bash\nexec pyenv exec \"$@\"\n");
  ASSERT_TRUE(WriteFile((pyenv / "version").string(), "3.11.0\n"));
  fs::create_directories(pyenv / "versions" / "3.11.0" / "bin");
  fs::create_symlink("/usr/bin/python3", pyenv / "versions" / "3.11.0" / "bin" / "python3");
  env_.Set("HOME", (top_ / "home").string());
  env_.Set("PYENV_VERSION", std::nullopt);
  env_.Set("PATH", (pyenv / "shims").string() + ":" + path_);

  check::GradeResult r =
      GradeOne(fs::path(NETGRADE_SOURCE_DIR) / "reference" / "tcp-capitalize" / "python");
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_TRUE(r.cases[0].passed()) << r.cases[0].message;
  EXPECT_EQ(r.cases[0].toolchain, "python3 3.11.0 (~/.pyenv/versions/3.11.0)");
}

TEST_F(ToolchainGradeTest, ACargoThatIsAScriptWritesNothingOutsideTheBuildsCopy) {
  if (plan::SystemTool("rustc").empty()) GTEST_SKIP() << "rustc is not installed";
  if (::geteuid() != 0 && sandbox::LandlockAbi() < 1)
    GTEST_SKIP() << "neither a jail (root) nor Landlock to contain the build";
  fs::path evil = top_ / "evil" / "cargo";
  Executable(evil, "#!/bin/sh\necho owned > " + (top_ / "outside.txt").string() +
                       "\necho owned > " + (top_ / "evil" / "inside.txt").string() +
                       "\necho built > built-by-script.txt\n"
                       "echo 'error: this cargo is not cargo' >&2\nexit 1\n");
  fs::path submission = top_ / "submission";
  fs::create_directories(submission / "src");
  ASSERT_TRUE(WriteFile((submission / "Cargo.toml").string(),
                        "[package]\nname = \"server\"\nversion = \"0.1.0\"\n"));
  ASSERT_TRUE(WriteFile((submission / "src" / "main.rs").string(), "fn main() {}\n"));
  env_.Set("PATH", evil.parent_path().string() + ":" + path_);

  check::GradeResult r = GradeOne(submission);
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_EQ(r.cases[0].code, check::Code::kCompileError) << r.cases[0].message;
  // A phrase, not a golden block: its words hold temporary paths and this machine's rustc.
  EXPECT_NE(r.cases[0].evidence.find("error: this cargo is not cargo"), std::string::npos)
      << "its compiler's own words: " << r.cases[0].message;
  EXPECT_FALSE(fs::exists(top_ / "outside.txt"));
  EXPECT_FALSE(fs::exists(top_ / "evil" / "inside.txt"));
  EXPECT_FALSE(fs::exists(submission / "built-by-script.txt"));
}

}  // namespace
}  // namespace netgrade::run
