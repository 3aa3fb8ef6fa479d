// netgrade check --watch as a user runs it: the first report, a file of the submission
// touched, the second report after a separator, Ctrl-C, exit status 0. On a copy of a
// reference solution and one fast case (--case), so the whole test takes about a second.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

extern char** environ;

namespace netgrade {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Reads fd into *out until it holds `reports` score lines; false at end of file or after the
// deadline (which only bounds a failure: a working --watch gets there in well under a second).
bool ReadReports(int fd, size_t reports, std::string* out, Clock::time_point deadline) {
  while (Count(*out, "Score: ") < reports) {
    int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
    pollfd p{fd, POLLIN, 0};
    if (left <= 0 || ::poll(&p, 1, left) <= 0) return false;
    char buf[4096];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return false;
    out->append(buf, static_cast<size_t>(n));
  }
  return true;
}

TEST(CheckWatch, ChecksAgainWhenAFileChangesAndCtrlCEndsWithStatus0) {
  // A folder name with a space and a quote: the watch and the report take it as it is.
  fs::path dir = fs::temp_directory_path() / ("netgrade-watch-test-" + std::to_string(::getpid()));
  fs::path sub = dir / "Anna's work";
  fs::create_directories(sub);
  for (const char* f : {"server.py", "client.py"})
    fs::copy_file(fs::path(NETGRADE_SOURCE_DIR) / "reference/tcp-capitalize/python" / f, sub / f);

  std::vector<std::string> args = {std::string(NETGRADE_BINARY_DIR) + "/netgrade",
                                   "check",
                                   std::string(NETGRADE_SOURCE_DIR) + "/specs/tcp-capitalize.yaml",
                                   "--submission",
                                   sub.string(),
                                   "--case",
                                   "server-one-line",
                                   "--watch"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2];
  ASSERT_EQ(::pipe2(out, O_CLOEXEC), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  // Ctrl-C must reach it even if this test runs with SIGINT ignored.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  ASSERT_EQ(::posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(out[1]);

  Clock::time_point deadline = Clock::now() + std::chrono::seconds(10);
  std::string report;
  bool first = ReadReports(out[0], 1, &report, deadline);
  if (first) fs::last_write_time(sub / "server.py", fs::file_time_type::clock::now());
  bool second = first && ReadReports(out[0], 2, &report, deadline);
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(out[0]);
  fs::remove_all(dir);

  ASSERT_TRUE(first) << "no first report:\n" << report;
  ASSERT_TRUE(second) << "no second report after the change:\n" << report;
  EXPECT_EQ(Count(report, "PASS  server-one-line"), 2u) << report;
  EXPECT_NE(report.find("server.py changed: checking again"), std::string::npos) << report;
  ASSERT_TRUE(WIFEXITED(status)) << "ended by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace netgrade
