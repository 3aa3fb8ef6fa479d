// A program copied while another thread forks children that live on (as a case's program
// does) is never held open for writing by one of them: its exec never fails with ETXTBSY.
#include "harness/base/fork_lock.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/temp_dir.h"

namespace netgrade {
namespace {

// Writes `bytes` to a new file `path` (0755) under the guard, as the working copy does.
void WriteExecutable(const std::string& path, const std::string& bytes) {
  auto writing = WritingGuard();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
  ASSERT_GE(fd, 0);
  for (size_t done = 0; done < bytes.size();) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    ASSERT_GT(n, 0);
    done += static_cast<size_t>(n);
  }
  ::close(fd);
}

// Runs `path` in a child: its exit status, or 200 + errno when exec failed.
int RunProgram(const std::string& path) {
  pid_t pid;
  {
    auto forking = ForkGuard();
    pid = ::fork();
  }
  if (pid == 0) {
    char* argv[] = {const_cast<char*>(path.c_str()), nullptr};
    ::execv(path.c_str(), argv);
    ::_exit(200 + errno);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(ForkGuard, NoChildForkedMeanwhileHoldsAFreshCopyOpenSoItsExecNeverMeetsTextFileBusy) {
  std::ifstream in("/bin/true", std::ios::binary);
  std::string program((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(program.empty());
  testing_support::UniqueTempDir dir("netgrade-fork-lock");
  // Children that keep every descriptor they were born with until the test ends (a case's
  // program, or a child not yet scheduled to close what it does not need).
  int hold[2];
  ASSERT_EQ(::pipe(hold), 0);
  std::atomic<bool> copying{true};
  std::vector<pid_t> children;
  std::thread forker([&] {
    while (copying && children.size() < 400) {
      pid_t pid;
      {
        auto forking = ForkGuard();
        pid = ::fork();
      }
      if (pid == 0) {
        ::close(hold[1]);
        char c;
        while (::read(hold[0], &c, 1) > 0) {
        }
        ::_exit(0);
      }
      children.push_back(pid);
    }
  });
  std::vector<int> failures;
  for (int i = 0; i < 200; ++i) {
    std::string path = (dir.path() / ("program-" + std::to_string(i))).string();
    WriteExecutable(path, program);
    if (int status = RunProgram(path); status != 0) failures.push_back(status);
  }
  copying = false;
  forker.join();
  ::close(hold[1]);
  ::close(hold[0]);
  for (pid_t pid : children) ::waitpid(pid, nullptr, 0);
  EXPECT_TRUE(failures.empty()) << failures.size() << " of 200 failed, the first with "
                                << failures.front() << " (200 + ETXTBSY = " << 200 + ETXTBSY << ")";
  EXPECT_GT(children.size(), 0u);
}

}  // namespace
}  // namespace netgrade
