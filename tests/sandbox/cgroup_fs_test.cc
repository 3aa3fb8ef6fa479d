// The cgroup file systems as files (sandbox/cgroup_fs.cc), on files and folders of a temporary
// directory where no cgroup is needed.
#include "harness/sandbox/cgroup_fs.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

namespace netgrade::sandbox::cgroup_fs {
namespace {
namespace fs = std::filesystem;

class CgroupFsTest : public testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cgroup-fs-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

TEST(CgroupFs, ReadsWordsCountersAndPids) {
  EXPECT_EQ(Words("cpuset cpu io memory pids\n"),
            (std::set<std::string>{"cpu", "cpuset", "io", "memory", "pids"}));
  EXPECT_EQ(Counter("populated 1\nfrozen 0\n", "populated"), 1);
  EXPECT_EQ(Counter("low 0\nhigh 0\nmax 3\noom 2\noom_kill 2\n", "oom_kill"), 2);
  EXPECT_EQ(Counter("max 3\n", "oom_kill"), 0) << "absent is 0";
}

TEST(CgroupFs, UnderIsAWholeComponentMatch) {
  EXPECT_TRUE(Under("/sys/fs/cgroup/unified/a", "/sys/fs/cgroup/unified"));
  EXPECT_TRUE(Under("/sys/fs/cgroup", "/sys/fs/cgroup"));
  EXPECT_TRUE(Under("/anything", "/"));
  EXPECT_FALSE(Under("/sys/fs/cgroup/unifiedX", "/sys/fs/cgroup/unified"));
}

// The mount table names this process's cgroup hierarchies; a directory no hierarchy holds is
// named as itself.
TEST(CgroupFs, ADirectoryOfNoHierarchyIsItsOwnName) {
  for (const CgroupMount& m : CgroupMounts()) EXPECT_FALSE(m.point.empty());
  EXPECT_EQ(CgroupPathOf("/tmp/no-cgroup-here"), "/tmp/no-cgroup-here");
}

TEST_F(CgroupFsTest, AWriteNeverCreatesTheFileAndSaysItsErrno) {
  EXPECT_EQ(WriteCgroupFile(dir_ + "/pids.max", "8"), ENOENT);
  EXPECT_FALSE(fs::exists(dir_ + "/pids.max"));
  std::ofstream(dir_ + "/pids.max") << "";
  EXPECT_EQ(WriteCgroupFile(dir_ + "/pids.max", "8"), 0);
  EXPECT_EQ(ReadCgroupFile(dir_ + "/pids.max"), "8");
  EXPECT_EQ(ReadCgroupFile(dir_ + "/absent"), "");
}

TEST_F(CgroupFsTest, ReadsPidsAndListsASubtreeDeepestFirst) {
  std::ofstream(dir_ + "/cgroup.procs") << "12\n345\n";
  EXPECT_EQ(ReadPids(dir_ + "/cgroup.procs"), (std::vector<pid_t>{12, 345}));
  fs::create_directories(dir_ + "/a/b");
  fs::create_directories(dir_ + "/c");
  std::vector<std::string> tree = Subtree(dir_);
  ASSERT_EQ(tree.size(), 4u);
  EXPECT_EQ(tree[0], dir_ + "/a/b");
  EXPECT_EQ(tree.back(), dir_);
}

}  // namespace
}  // namespace netgrade::sandbox::cgroup_fs
