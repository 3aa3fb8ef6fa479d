// Ctrl-C of netgrade itself leaves nothing behind: a daemon that ignores SIGTERM, started by
// a student's program, is gone once netgrade has died of the interrupt. The fixture never
// answers, so netgrade is still waiting (up to the case's 5 s) when the interrupt comes.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/observe/proc_sockets.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/process.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;

std::vector<pid_t> PidsInCgroupsOf(pid_t grader) {
  std::string mark = "netgrade-" + std::to_string(grader) + "-";
  std::vector<pid_t> pids;
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string name = e.path().filename();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    std::ifstream in(e.path() / "cgroup");
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (all.find(mark) != std::string::npos) pids.push_back(std::stoi(name));
  }
  return pids;
}

int ProcessesInCgroupsOf(pid_t grader) { return static_cast<int>(PidsInCgroupsOf(grader).size()); }

// The daemon is up: some process of the run listens.
bool DaemonListening(pid_t grader) {
  for (const observe::SocketInfo& s : observe::SocketsOf(PidsInCgroupsOf(grader)))
    if (s.listening()) return true;
  return false;
}

TEST(Interrupt, CtrlCOfNetgradeLeavesNoProcessBehind) {
  std::string why;
  if (::geteuid() != 0 || !sandbox::CaseCgroup::Create(8, 64 << 20, &why))
    GTEST_SKIP() << "needs cgroups: " << why;
  EventLoop loop;
  sandbox::SpawnOptions o;
  o.argv = {std::string(NETGRADE_BINARY_DIR) + "/netgrade",
            "check",
            std::string(NETGRADE_SOURCE_DIR) + "/specs/tcp-capitalize.yaml",
            "--submission",
            std::string(NETGRADE_SOURCE_DIR) + "/tests/submissions/hostile/silent-daemon",
            "--case",
            "server-one-line"};
  o.env = {"PATH=/usr/bin:/bin"};
  o.stdout_tty = false;
  auto netgrade = sandbox::Process::Start(o, loop);
  pid_t pid = netgrade->pid();

  // Observed, not timed: wait until the student's daemon listens, in netgrade's cgroup.
  bool running = false;
  std::function<void()> look = [&] {
    running = DaemonListening(pid);
    if (!running) loop.At(Clock::now() + std::chrono::milliseconds(2), look);
  };
  look();
  ASSERT_TRUE(loop.RunUntil([&] { return running || netgrade->exit_info().exited; },
                            Clock::now() + std::chrono::seconds(10)));
  ASSERT_TRUE(running) << "the submission never started";

  ::kill(pid, SIGINT);
  ASSERT_TRUE(loop.RunUntil([&] { return netgrade->exit_info().exited; },
                            Clock::now() + std::chrono::seconds(10)));
  EXPECT_EQ(netgrade->exit_info().signal, SIGINT);
  // SIGKILL is delivered at once, but a process takes a moment to leave its cgroup.
  bool gone = false;
  std::function<void()> check = [&] {
    gone = ProcessesInCgroupsOf(pid) == 0;
    if (!gone) loop.At(Clock::now() + std::chrono::milliseconds(2), check);
  };
  check();
  loop.RunUntil([&] { return gone; }, Clock::now() + std::chrono::seconds(5));
  EXPECT_TRUE(gone) << "a process of the interrupted run was left behind";
}

}  // namespace
}  // namespace netgrade
