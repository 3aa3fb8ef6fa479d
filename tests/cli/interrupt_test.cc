// Ctrl-C or SIGKILL of netgrade itself leaves nothing behind: a daemon that ignores SIGTERM,
// started by a student's program, is gone once netgrade has died. The fixture never answers
// and wakes every 50 ms, so it is never at rest: netgrade is still waiting (up to the case's
// 5 s) when the signal comes. SIGKILL is tried in a default container's capabilities (no PID
// namespace ends the case's processes there): only the watchdog (cli/watchdog.h) removes them.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <sstream>

#include "harness/base/file.h"
#include "harness/observe/proc_sockets.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/process.h"
#include "tests/support/mode_tools.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;

// The processes whose parent is `parent`.
std::vector<pid_t> ChildrenOf(pid_t parent) {
  std::vector<pid_t> out;
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string name = e.path().filename();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    // ReadFile, not an ifstream: a process may be gone between listing and reading, and
    // libstdc++ throws on the read's ESRCH whatever the stream's exception mask.
    std::string stat = ReadFile((e.path() / "stat").string(), 4096).value_or("");
    size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 1));
    char state = 0;
    pid_t ppid = 0;
    if (rest >> state >> ppid && ppid == parent) out.push_back(std::stoi(name));
  }
  return out;
}

// The grader netgrade's front process runs under its watchdog: a grandchild of the front, the
// one for which `is_it` holds. Looked for again on every look, never the first grandchild seen:
// before the front is netgrade, it is a wrapper (ci/modes' docker-caps.sh), whose subshells
// ($(id -u)) have children of their own for a moment, and a test that kept one of them would
// wait for the wrong process.
pid_t GraderUnder(pid_t front, const std::function<bool(pid_t)>& is_it) {
  for (pid_t watchdog : ChildrenOf(front))
    for (pid_t grader : ChildrenOf(watchdog))
      if (is_it(grader)) return grader;
  return 0;
}

// Processes whose command line names the grader's temporary files ("netgrade-PID-..."):
// without a root of their own the programs run from their copy there.
std::vector<pid_t> PidsRunningFromCopiesOf(pid_t grader) {
  std::string mark = "/netgrade-" + std::to_string(grader) + "-";
  std::vector<pid_t> pids;
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string name = e.path().filename();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    std::string all = ReadFile((e.path() / "cmdline").string(), 1 << 16).value_or("");
    if (all.find(mark) != std::string::npos) pids.push_back(std::stoi(name));
  }
  return pids;
}

std::vector<pid_t> PidsInCgroupsOf(pid_t grader) {
  std::string mark = "netgrade-" + std::to_string(grader) + "-";
  std::vector<pid_t> pids;
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string name = e.path().filename();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    std::string all = ReadFile((e.path() / "cgroup").string(), 1 << 16).value_or("");
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
            std::string(NETGRADE_SOURCE_DIR) + "/tests/cli/fixtures/waking-daemon",
            "--case",
            "server-one-line"};
  o.env = {"PATH=/usr/bin:/bin"};
  o.stdout_tty = false;
  o.student_filter = false;  // netgrade itself: it makes namespaces and mounts
  auto netgrade = sandbox::Process::Start(o, loop);
  pid_t pid = 0;

  // Observed, not timed: wait until the student's daemon listens, in netgrade's cgroup.
  bool running = false;
  std::function<void()> look = [&] {
    pid = GraderUnder(netgrade->pid(), DaemonListening);
    running = pid != 0;
    if (!running) loop.At(Clock::now() + std::chrono::milliseconds(2), look);
  };
  look();
  ASSERT_TRUE(loop.RunUntil([&] { return running || netgrade->exit_info().exited; },
                            Clock::now() + std::chrono::seconds(10)));
  ASSERT_TRUE(running) << "the submission never started";

  ::kill(netgrade->pid(), SIGINT);
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

TEST(Interrupt, SigkillOfNetgradeInADefaultContainerLeavesNoProcessBehind) {
  if (::geteuid() != 0) GTEST_SKIP() << "a default container's capabilities are root's";
  EventLoop loop;
  sandbox::SpawnOptions o;
  // Root without SYS_ADMIN, so no namespaces of any kind: ci/modes' docker-caps.
  o.argv = {testing_support::ModeTool("docker-caps"),
            std::string(NETGRADE_BINARY_DIR) + "/netgrade",
            "check",
            std::string(NETGRADE_SOURCE_DIR) + "/specs/tcp-capitalize.yaml",
            "--submission",
            std::string(NETGRADE_SOURCE_DIR) + "/tests/cli/fixtures/waking-daemon",
            "--case",
            "server-one-line"};
  o.env = {"PATH=/usr/bin:/bin"};
  o.stdout_tty = false;
  o.student_filter = false;  // netgrade itself: it makes namespaces and mounts
  auto netgrade = sandbox::Process::Start(o, loop);

  // The daemon runs (it is one of the processes started from the case's copy, and it has
  // left the program's session) before the grader is killed.
  pid_t grader = 0;
  size_t seen = 0;
  std::function<void()> look = [&] {
    grader = GraderUnder(netgrade->pid(), [&](pid_t g) {
      seen = PidsRunningFromCopiesOf(g).size();
      return seen >= 2;
    });
    if (grader == 0) seen = 0;
    if (seen < 2) loop.At(Clock::now() + std::chrono::milliseconds(2), look);
  };
  look();
  ASSERT_TRUE(loop.RunUntil([&] { return seen >= 2 || netgrade->exit_info().exited; },
                            Clock::now() + std::chrono::seconds(10)));
  ASSERT_GE(seen, 2u) << "the submission and its daemon never started";

  ::kill(netgrade->pid(), SIGKILL);
  ASSERT_TRUE(loop.RunUntil([&] { return netgrade->exit_info().exited; },
                            Clock::now() + std::chrono::seconds(10)));
  bool gone = false;
  std::function<void()> check = [&] {
    gone = PidsRunningFromCopiesOf(grader).empty() && ::kill(grader, 0) != 0;
    if (!gone) loop.At(Clock::now() + std::chrono::milliseconds(2), check);
  };
  check();
  loop.RunUntil([&] { return gone; }, Clock::now() + std::chrono::seconds(5));
  EXPECT_TRUE(gone) << "the grader or a student's process outlived the SIGKILLed netgrade";
}

}  // namespace
}  // namespace netgrade
