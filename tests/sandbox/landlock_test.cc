#include "harness/sandbox/landlock.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

namespace netgrade::sandbox {
namespace {

namespace fs = std::filesystem;

// A temporary folder, removed at the end.
struct TempDir {
  TempDir() {
    std::string t = (fs::temp_directory_path() / "landlock-test-XXXXXX").string();
    path = ::mkdtemp(t.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

// What `what` returned (0, or an errno) in a child confined by `ruleset`; -1 if the child
// could not confine itself.
int InConfinedChild(const Fd& ruleset, const std::function<int()>& what) {
  pid_t child = ::fork();
  if (child == 0) {
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || !RestrictSelf(ruleset.get())) ::_exit(255);
    ::_exit(what());
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) == 255) return -1;
  return WEXITSTATUS(status);
}

int OpenFile(const fs::path& p, int flags) {
  int fd = ::open(p.c_str(), flags | O_CLOEXEC, 0600);
  if (fd < 0) return errno;
  ::close(fd);
  return 0;
}

class LandlockTest : public testing::Test {
 protected:
  void SetUp() override {
    if (LandlockAbi() < 1) GTEST_SKIP() << "this kernel has no Landlock";
    std::ofstream(elsewhere.path / "classmate.py") << "print('answers')\n";
    std::ofstream(own.path / "server.py") << "print('mine')\n";
    std::string why;
    ruleset = MakeStudentRuleset({{own.path.string()}, {}}, &why);
    ASSERT_TRUE(ruleset) << why;
  }
  TempDir own, elsewhere;
  Fd ruleset;
};

TEST_F(LandlockTest, ItsOwnFolderIsReadAndWritten) {
  EXPECT_EQ(InConfinedChild(ruleset, [&] { return OpenFile(own.path / "server.py", O_RDONLY); }),
            0);
  EXPECT_EQ(
      InConfinedChild(ruleset, [&] { return OpenFile(own.path / "new.txt", O_WRONLY | O_CREAT); }),
      0);
  EXPECT_EQ(
      InConfinedChild(ruleset, [&] { return ::mkdir((own.path / "d").c_str(), 0700) ? errno : 0; }),
      0);
}

TEST_F(LandlockTest, AnotherFolderIsNeitherReadNorWritten) {
  EXPECT_EQ(
      InConfinedChild(ruleset, [&] { return OpenFile(elsewhere.path / "classmate.py", O_RDONLY); }),
      EACCES);
  EXPECT_EQ(InConfinedChild(
                ruleset, [&] { return OpenFile(elsewhere.path / "left.txt", O_WRONLY | O_CREAT); }),
            EACCES);
  // Nor the machine's temporary folder, which holds it.
  EXPECT_EQ(InConfinedChild(ruleset,
                            [&] {
                              return OpenFile(fs::temp_directory_path() / "landlock-test-was-here",
                                              O_WRONLY | O_CREAT);
                            }),
            EACCES);
  EXPECT_FALSE(fs::exists(fs::temp_directory_path() / "landlock-test-was-here"));
}

TEST_F(LandlockTest, TheSystemIsReadButNotWritten) {
  EXPECT_EQ(InConfinedChild(ruleset, [] { return OpenFile("/etc/passwd", O_RDONLY); }), 0);
  EXPECT_EQ(InConfinedChild(ruleset, [] { return OpenFile("/proc/self/status", O_RDONLY); }), 0);
  EXPECT_EQ(InConfinedChild(ruleset, [] { return OpenFile("/dev/null", O_WRONLY | O_TRUNC); }), 0);
  // Not even root may write the system's folders once confined.
  EXPECT_EQ(
      InConfinedChild(ruleset,
                      [] { return OpenFile("/usr/landlock-test-was-here", O_WRONLY | O_CREAT); }),
      EACCES);
  ::unlink("/usr/landlock-test-was-here");
  EXPECT_EQ(InConfinedChild(ruleset,
                            [] {
                              execl("/bin/true", "true", nullptr);
                              return errno;
                            }),
            0);
}

TEST_F(LandlockTest, FromAbi6ItCannotSignalTheGrader) {
  if (LandlockAbi() < 6) GTEST_SKIP() << "Landlock ABI " << LandlockAbi() << " scopes no signals";
  pid_t grader = ::getpid();
  EXPECT_EQ(InConfinedChild(ruleset, [&] { return ::kill(grader, 0) ? errno : 0; }), EPERM);
}

TEST(StudentPaths, OwnsItsFoldersAndReadsOnlyTheFilesOfItsCommandLineOutsideThem) {
  LandlockPaths p = StudentPaths("/tmp/copy/submission", "/tmp/copy/tmp",
                                 {"/usr/bin/python3", "/tmp/copy/submission/server.py", "12000"},
                                 "/usr/bin/python3");
  EXPECT_EQ(p.own, (std::vector<std::string>{"/tmp/copy/submission", "/tmp/copy/tmp"}));
  // The interpreter, once; not the script, already its own, nor the port.
  EXPECT_EQ(p.readable, (std::vector<std::string>{"/usr/bin/python3"}));
  EXPECT_TRUE(StudentPaths("", "", {}, "").own.empty());
}

TEST(LandlockShortfall, NamesWhatAnOlderKernelLeavesOpen) {
  EXPECT_NE(LandlockShortfall(4).find("signal the grader"), std::string::npos);
  EXPECT_EQ(LandlockShortfall(6), "");
}

}  // namespace
}  // namespace netgrade::sandbox
