#include "harness/sandbox/work_copy.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/base/remove_tree.h"
#include "harness/sandbox/copy_space.h"
#include "tests/support/submission_tree.h"

namespace netgrade::sandbox {
namespace {
namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// This process's working copies in the temporary directory ("netgrade-<pid>-XXXXXX").
size_t OwnCopies() {
  std::string prefix = "netgrade-" + std::to_string(::getpid()) + "-";
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path()))
    n += e.path().filename().string().rfind(prefix, 0) == 0;
  return n;
}

class WorkCopyTest : public testing_support::SubmissionTreeTest {
 protected:
  // The layout error copying the submission gives, "" for none; and no copy is left.
  std::string LayoutError(const CopyLimits& limits = {}) {
    size_t before = OwnCopies();
    try {
      WorkCopy copy(source_, limits);
    } catch (const UsageError& e) {
      EXPECT_EQ(OwnCopies(), before) << "a refused copy was left in the temporary directory";
      return e.what();
    }
    return "";
  }
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

// What is refused (tests/sandbox/submission_copy_test.cc) leaves no copy behind.
TEST_F(WorkCopyTest, ARefusedSubmissionLeavesNoCopyInTheTemporaryDirectory) {
  fs::create_symlink(outside_ / "server.py", source_ / "theirs.py");
  EXPECT_NE(LayoutError(), "");
  std::ofstream(source_ / "notes.txt") << "x\n";
  fs::remove(source_ / "theirs.py");
  EXPECT_NE(LayoutError({.max_entries = 3}), "");
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
  given.path = outside_ / "server.py";
  EXPECT_EQ(copy.Relocate(given, source_).path, outside_ / "server.py");
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

// What a hostile program leaves in its copy: a chain deeper than the descriptors allowed, a
// folder locked with chmod 000, a link out of the copy, a name with a newline.
TEST_F(WorkCopyTest, RemoveTakesWhateverItsProgramsMadeThereAndNothingOutside) {
  WorkCopy copy(source_);
  fs::path root = copy.dir().parent_path();
  Fd at(::open(copy.dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  for (int i = 0; i < 300 && at; ++i) {
    ASSERT_EQ(::mkdirat(at.get(), "d", 0700), 0);
    at = Fd(::openat(at.get(), "d", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  }
  at.Reset();
  fs::create_directories(copy.dir() / "locked" / "in");
  std::ofstream(copy.dir() / "locked" / "in" / "a\nb") << "x";
  ::chmod((copy.dir() / "locked" / "in").c_str(), 0);
  ::chmod((copy.dir() / "locked").c_str(), 0);
  fs::create_directory_symlink(outside_, copy.dir() / "out");
  rlimit saved, low;
  ::getrlimit(RLIMIT_NOFILE, &saved);
  low = saved;
  low.rlim_cur = 64;
  ::setrlimit(RLIMIT_NOFILE, &low);
  std::string failure = copy.Remove();
  ::setrlimit(RLIMIT_NOFILE, &saved);
  EXPECT_EQ(failure, "");
  EXPECT_FALSE(fs::exists(fs::symlink_status(root)));
  EXPECT_EQ(Read(outside_ / "server.py"), "secret\n");
  EXPECT_EQ(copy.Remove(), "") << "removed once";
}

// In a child (TakePrivateMounts changes the process for good): a bounded copy's mount point
// is the next copy's, and nothing the first case wrote is in the second's. Exit status: 0 as
// expected, 77 where no mount namespace can be made, else the step that went wrong.
int SecondCopyInTheFirstsPlace(const fs::path& source) {
  if (!TakePrivateMounts()) return 77;
  fs::path first_root;
  {
    WorkCopy first(source);
    if (!first.bounded()) return 2;
    first_root = first.dir().parent_path();
    std::ofstream(first.dir() / "left-by-case-1.txt") << "answers\n";
    if (first.Remove() != "") return 3;
  }
  if (!fs::is_directory(first_root) || !fs::is_empty(first_root)) return 4;
  WorkCopy second(source);
  if (second.dir().parent_path() != first_root) return 5;
  if (fs::exists(second.dir() / "left-by-case-1.txt")) return 6;
  if (!fs::exists(second.dir() / "lib" / "util.py")) return 7;
  if (second.Remove() != "") return 8;
  if (!fs::is_directory(first_root)) return 9;  // kept for a third copy
  ReleaseKeptCopyRoots();                       // as a grading ends
  if (fs::exists(first_root)) return 10;
  return 0;
}

TEST_F(WorkCopyTest, ABoundedCopysMountPointIsTheNextCopysAndHoldsNothingOfIt) {
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(SecondCopyInTheFirstsPlace(source_));
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77) GTEST_SKIP() << "no mount namespace of its own here";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the step that went wrong";
}

// A copy on the disk (a grader without a mount namespace) whose removal fails: said, not
// ignored. Run in a child with a mount namespace of its own, where a mount inside the copy
// makes it fail (EBUSY).
TEST_F(WorkCopyTest, AFailedRemovalIsReturnedAndSaidOnStderr) {
  int err_pipe[2];
  ASSERT_EQ(::pipe2(err_pipe, O_CLOEXEC), 0);
  Fd err_read(err_pipe[0]), err_write(err_pipe[1]);
  uid_t uid = ::geteuid();
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::dup2(err_write.get(), 2);
    WorkCopy copy(source_);
    if (copy.bounded()) ::_exit(77);  // a tmpfs of its own goes whole, mounts and all
    if (uid != 0) {
      if (::unshare(CLONE_NEWUSER) != 0) ::_exit(77);
      std::ofstream("/proc/self/setgroups") << "deny";
      std::ofstream("/proc/self/uid_map") << uid << " " << uid << " 1";
    }
    fs::path held = copy.dir() / "held";
    fs::create_directories(held);
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount("tmpfs", held.c_str(), "tmpfs", 0, "size=64k") != 0)
      ::_exit(77);
    std::string failure = copy.Remove();
    bool said = failure.find("cannot remove") != std::string::npos &&
                failure.find("held: Device or resource busy") != std::string::npos;
    ::umount2(held.c_str(), MNT_DETACH);
    RemoveTree(copy.dir().parent_path());
    ::_exit(said ? 0 : 1);
  }
  err_write.Reset();
  std::string err;
  char buf[1024];
  for (ssize_t n; (n = ::read(err_read.get(), buf, sizeof buf)) > 0;)
    err.append(buf, static_cast<size_t>(n));
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77) GTEST_SKIP() << "the copy is a tmpfs, or no mount namespace";
  EXPECT_EQ(WEXITSTATUS(status), 0) << err;
  EXPECT_NE(err.find("netgrade: the copy a case ran in could not be removed: cannot remove "),
            std::string::npos)
      << err;
}

TEST(TempFiles, WhatAKilledGraderLeftIsRemovedAndNothingElse) {
  pid_t gone = ::fork();
  if (gone == 0) ::_exit(0);
  ASSERT_GT(gone, 0);
  ::waitpid(gone, nullptr, 0);  // a grader that is gone
  // A temporary folder of the test's own: in the machine's, another grader starting meanwhile
  // cleans up the same stale tree at the same moment, or leftovers of killed runs use up the
  // clean-up's budget before this one.
  std::string own = (fs::temp_directory_path() / "netgrade-test-tmp-XXXXXX").string();
  ASSERT_NE(::mkdtemp(own.data()), nullptr);
  const char* before = std::getenv("TMPDIR");
  std::string saved = before ? before : "";
  ::setenv("TMPDIR", own.c_str(), 1);
  fs::path tmp = fs::temp_directory_path();
  ASSERT_EQ(tmp, fs::path(own));
  fs::path stale = tmp / ("netgrade-" + std::to_string(gone) + "-AbC123");
  fs::path live = tmp / ("netgrade-" + std::to_string(::getpid()) + "-hosts-AbC123");
  fs::path other = tmp / "netgrade-notes-of-someone";
  fs::create_directories(stale / "submission");
  std::ofstream(stale / "submission" / "server.py") << "x\n";
  // What its program made: a chain of folders, one locked.
  fs::path deep = stale / "submission";
  for (int i = 0; i < 200; ++i) deep /= "d";
  fs::create_directories(deep);
  ::chmod(deep.parent_path().c_str(), 0);
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
  if (before)
    ::setenv("TMPDIR", saved.c_str(), 1);
  else
    ::unsetenv("TMPDIR");
  std::error_code ec;
  fs::remove_all(own, ec);
}
}  // namespace
}  // namespace netgrade::sandbox
