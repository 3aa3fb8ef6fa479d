// What a student is told when netgrade finds no program for a role.
#include "harness/plan/submission.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/sandbox/work_copy.h"

namespace netgrade::sandbox {
namespace {
using namespace netgrade::plan;
namespace fs = std::filesystem;

class NearMissesTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("netgrade-nearmiss-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    role_.name = "client";
    role_.names = {"client", "UDPClient"};
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Touch(const std::string& name) { std::ofstream(dir_ / name) << "x\n"; }

  fs::path dir_;
  spec::Role role_;
};

TEST_F(NearMissesTest, SaysNothingForAnEmptyFolder) { EXPECT_EQ(NearMisses(dir_, role_), ""); }

TEST_F(NearMissesTest, NamesAProgramThatIsNotExecutable) {
  Touch("client");
  fs::permissions(dir_ / "client", fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_FALSE(FindProgram(dir_, role_, {}));
  EXPECT_NE(
      NearMisses(dir_, role_).find("'client' is there but is not executable: run chmod +x client"),
      std::string::npos)
      << NearMisses(dir_, role_);
}

TEST_F(NearMissesTest, TellsToCompileSourceCode) {
  Touch("client.c");
  EXPECT_NE(NearMisses(dir_, role_)
                .find("compile it into an executable named 'client' (gcc -o client client.c)"),
            std::string::npos)
      << NearMisses(dir_, role_);
}

TEST_F(NearMissesTest, SpotsAMisspeltName) {
  Touch("UPDClient.py");
  EXPECT_NE(
      NearMisses(dir_, role_).find("'UPDClient.py' looks like a misspelling of 'UDPClient.py'"),
      std::string::npos)
      << NearMisses(dir_, role_);
}

TEST_F(NearMissesTest, ListsWhatTheFolderHoldsWhenNothingComesClose) {
  Touch("notes.txt");
  Touch("homework3.py");
  EXPECT_EQ(NearMisses(dir_, role_), " The folder holds: homework3.py, notes.txt.");
}

TEST(TempFiles, WhatAKilledGraderLeftIsRemovedAndNothingElse) {
  pid_t gone = ::fork();
  if (gone == 0) ::_exit(0);
  ASSERT_GT(gone, 0);
  ::waitpid(gone, nullptr, 0);  // a grader that is gone
  fs::path tmp = fs::temp_directory_path();
  fs::path stale = tmp / ("netgrade-" + std::to_string(gone) + "-AbC123");
  fs::path live = tmp / ("netgrade-" + std::to_string(::getpid()) + "-hosts-AbC123");
  fs::path other = tmp / "netgrade-notes-of-someone";
  fs::create_directories(stale / "submission");
  std::ofstream(stale / "submission" / "server.py") << "x\n";
  std::ofstream(live) << "127.0.0.1 localhost\n";
  std::ofstream(other) << "x\n";
  RemoveStaleTempFiles();
  EXPECT_FALSE(fs::exists(stale)) << "left by a grader that is gone";
  EXPECT_TRUE(fs::exists(live)) << "this grader's own file";
  EXPECT_TRUE(fs::exists(other)) << "not a name netgrade makes";
  fs::remove(live);
  fs::remove(other);
  EXPECT_EQ(TempTemplate("x-").rfind(
                (tmp / ("netgrade-" + std::to_string(::getpid()) + "-x-")).string(), 0),
            0u);
}

}  // namespace
}  // namespace netgrade::sandbox
