#include "harness/sandbox/work_copy.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace netgrade::sandbox {
namespace {
namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class WorkCopyTest : public testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/netgrade-workcopy-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    source_ = tmpl;
    fs::create_directories(source_ / "lib");
    std::ofstream(source_ / "server.py") << "print('hi')\n";
    std::ofstream(source_ / "lib" / "util.py") << "X = 1\n";
    std::ofstream(outside_ = source_.string() + "-outside") << "secret\n";
    fs::create_symlink(outside_, source_ / "link");
  }
  void TearDown() override {
    fs::remove_all(source_);
    fs::remove(outside_);
  }
  fs::path source_, outside_;
};

TEST_F(WorkCopyTest, CopiesTheTreeSomewhereElseAndRemovesItAfterwards) {
  fs::path dir;
  {
    WorkCopy copy(source_);
    dir = copy.dir();
    EXPECT_NE(fs::weakly_canonical(dir), fs::weakly_canonical(source_));
    EXPECT_EQ(Read(dir / "server.py"), "print('hi')\n");
    EXPECT_EQ(Read(dir / "lib" / "util.py"), "X = 1\n");
    // A change to the copy leaves the original alone.
    std::ofstream(dir / "server.py") << "changed\n";
    EXPECT_EQ(Read(source_ / "server.py"), "print('hi')\n");
  }
  EXPECT_FALSE(fs::exists(dir)) << "the copy outlived its WorkCopy";
  EXPECT_TRUE(fs::exists(source_ / "server.py"));
}

TEST_F(WorkCopyTest, ASymbolicLinkIsCopiedAsALinkNotFollowed) {
  WorkCopy copy(source_);
  ASSERT_TRUE(fs::is_symlink(copy.dir() / "link"));
  EXPECT_EQ(fs::read_symlink(copy.dir() / "link"), outside_);
}

TEST_F(WorkCopyTest, RelocatesAProgramInsideTheSubmissionButNotOneOutside) {
  WorkCopy copy(source_);
  plan::Program inside;
  inside.path = source_ / "lib" / "util.py";
  inside.display_name = "util.py";
  plan::Program moved = copy.Relocate(inside, source_);
  EXPECT_EQ(moved.path, copy.dir() / "lib" / "util.py");
  EXPECT_EQ(moved.display_name, "util.py");
  plan::Program given;  // --program ROLE=PATH outside the submission
  given.path = outside_;
  EXPECT_EQ(copy.Relocate(given, source_).path, outside_);
}

TEST_F(WorkCopyTest, GiveToHandsTheFilesToTheUserButKeepsTheParent) {
  if (::geteuid() != 0) GTEST_SKIP() << "chown needs root";
  WorkCopy copy(source_);
  copy.GiveTo(65534, 65534);
  struct stat st;
  ASSERT_EQ(::lstat((copy.dir() / "lib" / "util.py").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 65534u);
  ASSERT_EQ(::lstat(copy.dir().c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 65534u);
  ASSERT_EQ(::lstat(copy.dir().parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 0u) << "the program could remove its copy's parent";
  EXPECT_EQ(st.st_mode & 0777, 0711u);
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
