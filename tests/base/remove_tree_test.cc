#include "harness/base/remove_tree.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "harness/base/fd.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;

class RemoveTreeTest : public ::testing::Test {
 protected:
  // On a tmpfs where there is one (/dev/shm): on a slow disk each folder of a deep chain
  // costs milliseconds to make and to remove, whoever removes it; the walk is what is tested.
  void SetUp() override {
    std::string tmpl = "/dev/shm/remove-tree-test-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) {
      tmpl = (fs::temp_directory_path() / "remove-tree-test-XXXXXX").string();
      ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    }
    base_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(base_, fs::perms::owner_all, fs::perm_options::add, ec);
    RemoveTree(base_);
  }
  static void Write(const fs::path& p, const std::string& text = "x") { std::ofstream(p) << text; }

  fs::path base_;
};

// A chain of `depth` folders named "d" under `top`, made one level at a time (a path that
// long is past PATH_MAX). Returns false when it could not be made.
bool MakeChain(const fs::path& top, int depth) {
  if (::mkdir(top.c_str(), 0755) != 0) return false;
  Fd at(::open(top.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  for (int i = 0; i < depth && at; ++i) {
    if (::mkdirat(at.get(), "d", 0755) != 0) return false;
    at = Fd(::openat(at.get(), "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  }
  if (!at) return false;
  Fd f(::openat(at.get(), "bottom-file", O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
  return f.valid();
}

// RLIMIT_NOFILE lowered for a scope, as a grader's limit caps it (remove_all needs one
// descriptor per level).
class FewDescriptors {
 public:
  explicit FewDescriptors(rlim_t soft) {
    ::getrlimit(RLIMIT_NOFILE, &saved_);
    rlimit low = saved_;
    low.rlim_cur = soft;
    ::setrlimit(RLIMIT_NOFILE, &low);
  }
  ~FewDescriptors() { ::setrlimit(RLIMIT_NOFILE, &saved_); }

 private:
  rlimit saved_;
};

TEST_F(RemoveTreeTest, RemovesAChainOf25000FoldersWithOnly32DescriptorsAllowed) {
  fs::path top = base_ / "chain";
  ASSERT_TRUE(MakeChain(top, 25000));
  RemoveOutcome out;
  {
    FewDescriptors few(32);
    out = RemoveTree(top);
  }
  EXPECT_TRUE(out.ok()) << out.failure;
  EXPECT_EQ(out.removed, 25002u);  // the top, 25000 folders, the file
  EXPECT_FALSE(fs::exists(fs::symlink_status(top)));
}

TEST_F(RemoveTreeTest, RemovesFoldersMadeUnreadableUnwritableOrUnsearchable) {
  fs::path top = base_ / "locked";
  fs::create_directories(top / "none" / "inner");
  fs::create_directories(top / "read-only" / "inner");
  fs::create_directories(top / "no-search" / "inner");
  for (const char* d : {"none", "read-only", "no-search"}) {
    Write(top / d / "file");
    Write(top / d / "inner" / "file");
  }
  ::chmod((top / "none" / "inner").c_str(), 0);
  ::chmod((top / "none").c_str(), 0);
  ::chmod((top / "read-only").c_str(), 0500);
  ::chmod((top / "no-search").c_str(), 0600);
  ::chmod(top.c_str(), 0500);
  RemoveOutcome out = RemoveTree(top);
  EXPECT_TRUE(out.ok()) << out.failure;
  EXPECT_EQ(out.removed, 13u);
  EXPECT_FALSE(fs::exists(fs::symlink_status(top)));
}

TEST_F(RemoveTreeTest, RemovesLinksWithoutFollowingThem) {
  fs::path outside = base_ / "outside";
  fs::create_directories(outside / "folder");
  Write(outside / "folder" / "kept");
  Write(outside / "file", "kept");
  fs::path top = base_ / "links";
  fs::create_directories(top / "sub");
  fs::create_directory_symlink(outside / "folder", top / "to-folder");
  fs::create_symlink(outside / "file", top / "sub" / "to-file");
  fs::create_directory_symlink(top, top / "sub" / "loop");
  fs::create_symlink(base_ / "nowhere", top / "dangling");
  RemoveOutcome out = RemoveTree(top);
  EXPECT_TRUE(out.ok()) << out.failure;
  EXPECT_FALSE(fs::exists(fs::symlink_status(top)));
  EXPECT_TRUE(fs::exists(outside / "folder" / "kept"));
  EXPECT_TRUE(fs::exists(outside / "file"));
}

TEST_F(RemoveTreeTest, ALinkGivenAsTheTopIsRemovedNotItsTarget) {
  fs::path target = base_ / "target";
  fs::create_directories(target / "in");
  fs::path link = base_ / "link";
  fs::create_directory_symlink(target, link);
  RemoveOutcome out = RemoveTree(link);
  EXPECT_TRUE(out.ok()) << out.failure;
  EXPECT_FALSE(fs::exists(fs::symlink_status(link)));
  EXPECT_TRUE(fs::is_directory(target / "in"));
}

TEST_F(RemoveTreeTest, RemovesNamesWithNewlinesAndOtherControlCharacters) {
  fs::path top = base_ / "names";
  fs::create_directories(top / "a\nb" / "c\x1b[31m");
  Write(top / "a\nb" / "c\x1b[31m" / "\n");
  Write(top / "line\n::notice title=x::full marks");
  RemoveOutcome out = RemoveTree(top);
  EXPECT_TRUE(out.ok()) << out.failure;
  EXPECT_EQ(out.removed, 5u);
  EXPECT_FALSE(fs::exists(fs::symlink_status(top)));
}

TEST_F(RemoveTreeTest, AMissingPathIsNoFailureAndAFileIsRemovedAlone) {
  RemoveOutcome none = RemoveTree(base_ / "never-made");
  EXPECT_TRUE(none.ok());
  EXPECT_EQ(none.removed, 0u);
  Write(base_ / "file");
  RemoveOutcome file = RemoveTree(base_ / "file");
  EXPECT_TRUE(file.ok());
  EXPECT_EQ(file.removed, 1u);
  EXPECT_FALSE(fs::exists(base_ / "file"));
}

TEST_F(RemoveTreeTest, StopsAtItsBudgetAndSaysSo) {
  fs::path top = base_ / "wide";
  fs::create_directories(top);
  for (int i = 0; i < 50; ++i) Write(top / std::to_string(i));
  RemoveOutcome out = RemoveTree(top, 20);
  EXPECT_FALSE(out.ok());
  EXPECT_TRUE(out.stopped);
  EXPECT_EQ(out.removed, 20u);
  EXPECT_NE(out.failure.find("stopped removing " + top.string() +
                             " after looking at 20 entries (20 removed)"),
            std::string::npos)
      << out.failure;
  EXPECT_TRUE(fs::is_directory(top));
}

// A walk never goes more than 256 folders down: deeper, the chain is moved up into the top
// folder and removed from there. So a walk cut short by its budget (the stale clean-up at
// each start) still shortens the chain, and each run removes some of it.
TEST_F(RemoveTreeTest, ABudgetOnADeepChainStillRemovesSomeOfItEachRun) {
  fs::path top = base_ / "chain";
  ASSERT_TRUE(MakeChain(top, 3000));
  size_t runs = 0, removed = 0;
  while (fs::exists(fs::symlink_status(top)) && runs < 40) {
    RemoveOutcome out = RemoveTree(top, 500);
    EXPECT_GT(out.removed, 100u) << "run " << runs;
    removed += out.removed;
    ++runs;
  }
  EXPECT_FALSE(fs::exists(fs::symlink_status(top)));
  EXPECT_EQ(removed, 3002u);
  EXPECT_LE(runs, 20u);
}

// A folder that cannot be removed (a mount point: EBUSY, whoever asks), deep in a chain and
// under a name with a newline: the rest goes, and the failure names it, escaped and
// shortened. Needs a mount namespace of its own (root, or a user namespace): run in a child.
TEST_F(RemoveTreeTest, WhatCannotBeRemovedIsCountedAndNamedEscaped) {
  fs::path top = base_ / "busy";
  fs::path deep = top / "a" / "b" / "c" / "d" / "e" / "f" / "g" / "h";
  fs::path held = deep / "held\nhere";
  fs::create_directories(held);
  Write(top / "a" / "other");
  int pipe_fds[2];
  ASSERT_EQ(::pipe2(pipe_fds, O_CLOEXEC), 0);
  Fd read_end(pipe_fds[0]), write_end(pipe_fds[1]);
  uid_t uid = ::geteuid();
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (uid != 0) {
      if (::unshare(CLONE_NEWUSER) != 0) ::_exit(77);
      std::ofstream("/proc/self/setgroups") << "deny";
      std::ofstream("/proc/self/uid_map") << uid << " " << uid << " 1";
    }
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount("tmpfs", held.c_str(), "tmpfs", 0, "size=64k") != 0)
      ::_exit(77);
    RemoveOutcome out = RemoveTree(top);
    std::string report = std::to_string(out.left) + " " + out.failure;
    ssize_t ignored = ::write(write_end.get(), report.data(), report.size());
    (void)ignored;
    ::_exit(fs::exists(top / "a" / "other") || !fs::is_directory(held) ? 1 : 0);
  }
  write_end.Reset();
  std::string report;
  char buf[1024];
  for (ssize_t n; (n = ::read(read_end.get(), buf, sizeof buf)) > 0;)
    report.append(buf, static_cast<size_t>(n));
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 77) GTEST_SKIP() << "no mount namespace here";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << report;
  // The held folder and the ten folders above it.
  EXPECT_EQ(report.substr(0, report.find(' ')), "10");
  EXPECT_NE(report.find("cannot remove " + top.string() +
                        "/a/b/c/…/g/h/held\\nhere (8 folders "
                        "down): Device or resource busy"),
            std::string::npos)
      << report;
}

TEST_F(RemoveTreeTest, MeasureCountsEntriesAndBlocksWithoutFollowingLinks) {
  fs::path outside = base_ / "outside";
  fs::create_directories(outside);
  Write(outside / "big", std::string(1 << 20, 'x'));
  fs::path top = base_ / "measured";
  fs::create_directories(top / "sub" / "hidden");
  Write(top / "sub" / "hidden" / "file", std::string(100000, 'y'));
  fs::create_symlink(outside / "big", top / "link");
  fs::create_directory_symlink(outside, top / "sub" / "to-outside");
  // A folder its owner made unreadable still has its contents counted.
  ::chmod((top / "sub" / "hidden").c_str(), 0);
  TreeSize size = MeasureTree(top, UINT64_MAX, UINT64_MAX);
  EXPECT_FALSE(size.over);
  EXPECT_EQ(size.entries, 5u);  // sub, hidden, file, the two links
  EXPECT_GE(size.bytes, 100000u);
  EXPECT_LT(size.bytes, 1u << 20) << "the link's target was counted";
  EXPECT_TRUE(MeasureTree(top, 50000, UINT64_MAX).over);
  EXPECT_TRUE(MeasureTree(top, UINT64_MAX, 4).over);
}

TEST_F(RemoveTreeTest, MeasureStopsPastItsBoundInADeepChainWithFewDescriptors) {
  fs::path top = base_ / "chain";
  ASSERT_TRUE(MakeChain(top, 3000));
  TreeSize size;
  {
    FewDescriptors few(32);
    size = MeasureTree(top, UINT64_MAX, 2000);
  }
  EXPECT_TRUE(size.over);
  EXPECT_EQ(size.entries, 2001u);
  FewDescriptors few(32);
  EXPECT_EQ(MeasureTree(top, UINT64_MAX, UINT64_MAX).entries, 3001u);  // and the file
}

}  // namespace
}  // namespace netgrade
