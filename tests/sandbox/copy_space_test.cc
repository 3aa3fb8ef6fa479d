#include "harness/sandbox/copy_space.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "harness/base/fd.h"
#include "harness/base/remove_tree.h"

namespace netgrade::sandbox {
namespace {
namespace fs = std::filesystem;

// A folder on a tmpfs where there is one (/dev/shm): thousands of entries are made here.
fs::path ScratchDir() {
  std::string tmpl = "/dev/shm/copy-space-test-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    tmpl = (fs::temp_directory_path() / "copy-space-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) return {};
  }
  return tmpl;
}

// Writes 1 MiB pieces into new files in `dir` until a write fails; returns the MiB written.
int WriteUntilRefused(const fs::path& dir, int most) {
  std::string piece(1 << 20, 'x');
  int written = 0;
  for (int i = 0; written < most; ++i) {
    Fd f(::open((dir / ("f" + std::to_string(i))).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
    if (!f) return written;
    for (int j = 0; j < 8 && written < most; ++j, ++written)
      if (::write(f.get(), piece.data(), piece.size()) != static_cast<ssize_t>(piece.size()))
        return written;
  }
  return written;
}

// In a child (TakePrivateMounts changes the process for good): the grader's own mount
// namespace, a copy's tmpfs there, the kernel refusing what goes past kCaseWrites, and the
// copy looked at as full. Exit status: 0 as expected, 77 where no mount namespace can be
// made, else the step that went wrong.
int TmpfsCopyInAChild() {
  if (!TakePrivateMounts()) return 77;
  fs::path root = ScratchDir();
  if (root.empty()) return 2;
  if (!MountCopySpace(root, 64u << 20, 2000)) return 3;
  fs::path dir = root / "submission";
  fs::create_directories(dir);
  if (WriteUntilRefused(dir, 3) != 3) return 4;  // what was "copied"
  TightenCopySpace(root);
  RegisterCopy(dir, root, true);
  if (!CopyIsBounded(dir.string()) || CopyOverLimit(dir.string())) return 5;
  // 64 MiB more, and nothing beyond.
  fs::create_directories(dir / "w");
  int wrote = WriteUntilRefused(dir / "w", 100);
  if (wrote < 60 || wrote > 64) return 10 + wrote % 100;
  if (!CopyOverLimit(dir.string())) return 6;
  ForgetCopy(dir);
  if (::umount2(root.c_str(), MNT_DETACH) != 0 || !RemoveTree(root).ok()) return 7;
  return 0;
}

TEST(CopySpace, OnPrivateMountsACopyIsATmpfsThatRefusesWritesPastItsRoom) {
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(TmpfsCopyInAChild());
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77) GTEST_SKIP() << "no mount namespace of its own here";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the step that went wrong (10+: MiB written past the copy)";
}

// The copy's tmpfs is the grader's alone: the machine (the mount namespace of the process
// that started this test, a shell or ctest) sees an empty folder, and nothing is left mounted
// there when the grader ends, however it ends.
TEST(CopySpace, AMountInTheGradersNamespaceIsNotSeenOutsideIt) {
  const std::string machine = "/proc/" + std::to_string(::getppid()) + "/root";
  struct stat st;
  if (::stat((machine + "/.").c_str(), &st) != 0)
    GTEST_SKIP() << "the root of the process that started this test cannot be looked at";
  int ready[2], done[2];
  ASSERT_EQ(::pipe2(ready, O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(done, O_CLOEXEC), 0);
  fs::path root = ScratchDir();
  ASSERT_FALSE(root.empty());
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(ready[0]);
    ::close(done[1]);
    char c = TakePrivateMounts() && MountCopySpace(root, 1 << 20, 10) ? 'y' : 'n';
    ssize_t ignored = ::write(ready[1], &c, 1);
    ignored = ::read(done[0], &c, 1);
    (void)ignored;
    ::_exit(0);
  }
  ::close(ready[1]);
  ::close(done[0]);
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  bool mounted = c == 'y';
  auto device = [](const std::string& path) {
    struct stat s;
    return ::stat(path.c_str(), &s) == 0 ? s.st_dev : dev_t(-1);
  };
  std::string grader = "/proc/" + std::to_string(child) + "/root";
  if (mounted) {
    EXPECT_NE(device(grader + root.string()), device(grader + root.parent_path().string()))
        << "mounted in the grader's namespace";
    EXPECT_EQ(device(machine + root.string()), device(machine + root.parent_path().string()))
        << "the grader's mount reached the machine's namespace";
  }
  ::close(done[1]);
  ::waitpid(child, nullptr, 0);
  ::close(ready[0]);
  EXPECT_EQ(device(machine + root.string()), device(machine + root.parent_path().string()));
  // Where this process has private mounts already, the child mounted in them.
  ::umount2(root.c_str(), MNT_DETACH);
  RemoveTree(root);
  if (!mounted) GTEST_SKIP() << "no mount namespace of its own here";
}

TEST(CopySpace, OnTheDiskWhatIsWrittenBeyondTheCopyIsCounted) {
  fs::path dir = ScratchDir();
  ASSERT_FALSE(dir.empty());
  std::ofstream(dir / "server.py") << std::string(100000, 'x');
  RegisterCopy(dir, dir, false);
  EXPECT_FALSE(CopyIsBounded(dir.string()));
  EXPECT_FALSE(CopyOverLimit(dir.string()));
  for (uint64_t i = 0; i < kCaseWrites.entries; ++i)
    std::ofstream(dir / std::to_string(i));  // empty: entries only
  EXPECT_FALSE(CopyOverLimit(dir.string())) << "exactly the room for entries";
  std::ofstream(dir / "one-more");
  EXPECT_TRUE(CopyOverLimit(dir.string()));
  ForgetCopy(dir);
  EXPECT_FALSE(CopyOverLimit(dir.string())) << "a folder no copy is";
  RemoveTree(dir);

  dir = ScratchDir();
  RegisterCopy(dir, dir, false);
  EXPECT_EQ(WriteUntilRefused(dir, 64), 64);
  EXPECT_FALSE(CopyOverLimit(dir.string())) << "64 MiB is the room";
  std::ofstream(dir / "past") << std::string(1 << 20, 'x');
  EXPECT_TRUE(CopyOverLimit(dir.string()));
  ForgetCopy(dir);
  RemoveTree(dir);
}

}  // namespace
}  // namespace netgrade::sandbox
