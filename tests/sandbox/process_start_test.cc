// Starting a program in its sandbox (sandbox/process_start.cc): what fails is the program's
// own (exit 127, said on its stderr) or the sandbox's (an exception), and the program gets
// nothing of the grader's but what it was given.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "harness/base/error.h"
#include "harness/base/event_loop.h"
#include "harness/sandbox/case_user.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/netns.h"
#include "harness/sandbox/process.h"
#include "harness/sandbox/spawn.h"

namespace netgrade::sandbox {
namespace {

const auto kBound = std::chrono::seconds(10);  // bounds a failure only

TEST(ProcessStart, AProgramThatCannotRunExits127AndSaysWhy) {
  EventLoop loop;
  SpawnOptions o;
  o.argv = {"/nonexistent/program"};
  auto p = Process::Start(o, loop);
  ASSERT_TRUE(loop.RunUntil([&] { return p->finished(); }, Clock::now() + kBound));
  EXPECT_EQ(p->exit_info().status, 127);
  EXPECT_NE(p->stderr_text().find("cannot run '/nonexistent/program'"), std::string::npos)
      << p->stderr_text();
}

TEST(ProcessStart, LeaksNoDescriptorIntoTheProgram) {
  EventLoop loop;
  SpawnOptions o;
  o.argv = {"/usr/bin/python3", "-c",
            "import os\nprint(sorted(int(f) for f in os.listdir('/proc/self/fd')))"};
  o.env = StudentEnvironment("/tmp");
  auto p = Process::Start(o, loop);
  ASSERT_TRUE(loop.RunUntil([&] { return p->finished(); }, Clock::now() + kBound));
  // 0, 1, 2, and the descriptor listdir itself opened.
  EXPECT_EQ(p->stdout_text(), "[0, 1, 2, 3]\n");
}

// Huge pages would make what a program's memory costs, and how long reaching the cap takes,
// depend on the mode (a runtime uses them only where it can read /sys).
TEST(ProcessStart, TheProgramAndItsChildrenGetNoTransparentHugePages) {
  EventLoop loop;
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c",
            "grep THP_enabled /proc/self/status; sh -c 'grep THP_enabled "
            "/proc/self/status'"};
  o.env = StudentEnvironment("/tmp");
  auto p = Process::Start(o, loop);
  ASSERT_TRUE(loop.RunUntil([&] { return p->finished(); }, Clock::now() + kBound));
  EXPECT_EQ(p->stdout_text(), "THP_enabled:\t0\nTHP_enabled:\t0\n");
}

// The sandbox failing to put the program in its cgroup is the grader's failure (an
// exception, an ERROR for the case), never the program's exit 127 or crash.
TEST(ProcessStart, AProgramThatCannotJoinItsCgroupIsTheGradersFailure) {
  std::string why;
  auto cgroup = CaseCgroup::Create(8, int64_t{64} << 20, &why);
  if (!cgroup) GTEST_SKIP() << "needs cgroups: " << why;
  for (const std::string& procs : cgroup->procs_files())  // gone: the join fails (ENOENT)
    ASSERT_EQ(::rmdir(std::filesystem::path(procs).parent_path().c_str()), 0) << procs;
  EventLoop loop;
  SpawnOptions o;
  o.argv = {"/bin/true"};
  o.env = StudentEnvironment("/tmp");
  o.cgroup = cgroup.get();
  try {
    Process::Start(o, loop);
    FAIL() << "started outside its cgroup";
  } catch (const SystemError& e) {
    EXPECT_NE(std::string(e.what()).find("sandbox: joining the case's cgroup"), std::string::npos)
        << e.what();
    EXPECT_EQ(e.errno_value(), ENOENT);
  }
}

// A program that cannot be executed in its cgroup is still the program's own failure.
TEST(ProcessStart, AProgramThatCannotBeExecutedInItsCgroupExits127) {
  std::string why;
  auto cgroup = CaseCgroup::Create(8, int64_t{64} << 20, &why);
  if (!cgroup) GTEST_SKIP() << "needs cgroups: " << why;
  EventLoop loop;
  SpawnOptions o;
  o.argv = {"/tmp/netgrade-no-such-program"};
  o.env = StudentEnvironment("/tmp");
  o.cgroup = cgroup.get();
  auto p = Process::Start(o, loop);
  ASSERT_TRUE(loop.RunUntil([&] { return p->finished(); }, Clock::now() + kBound));
  EXPECT_EQ(p->exit_info().status, 127);
  EXPECT_EQ(p->exit_info().exec_errno, ENOENT);
}

// What a program that opens a raw ICMP socket prints, started in a network namespace of its
// own, with CAP_NET_RAW granted or not; as a case's user when the grader is root (else as
// itself). Not as nobody: RLIMIT_NPROC counts a user's processes machine-wide, and tests that
// run netgrade as nobody beside this one (a fork bomb's) made its exec fail with EAGAIN.
std::string RawSocketOutcome(bool net_raw) {
  std::string why;
  std::unique_ptr<NetNamespace> ns = NetNamespace::Create(&why);
  if (!ns) return "skip: " + why;
  std::optional<CaseUser> user;
  if (::geteuid() == 0) {
    user = CaseUser::Claim(&why);
    if (!user) return "skip: " + why;
  }
  NetNamespace::Scope in(ns.get());
  SpawnOptions o;
  o.argv = {"/usr/bin/python3", "-c",
            "import socket\n"
            "caps = [l.split()[1] for l in open('/proc/self/status') if l.startswith('CapEff')]\n"
            "try:\n"
            "    socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)\n"
            "    print('raw socket', caps[0])\n"
            "except PermissionError:\n"
            "    print('refused', caps[0])\n"};
  o.env = StudentEnvironment("/tmp");
  o.net_raw = net_raw;
  if (user) o.uid = o.gid = static_cast<int>(user->uid());
  EventLoop loop;
  auto p = Process::Start(o, loop);
  EXPECT_TRUE(loop.RunUntil([&] { return p->finished(); }, Clock::now() + kBound));
  return p->stdout_text();
}

TEST(ProcessStart, ARawSocketOnlyWhenGrantedAndNoOtherCapabilityWithIt) {
  std::string granted = RawSocketOutcome(true);
  if (granted.rfind("skip: ", 0) == 0) GTEST_SKIP() << granted;
  EXPECT_EQ(granted, "raw socket 0000000000002000\n") << "CAP_NET_RAW (bit 13) alone";
  EXPECT_EQ(RawSocketOutcome(false), "refused 0000000000000000\n") << "the kernel's refusal";
}

}  // namespace
}  // namespace netgrade::sandbox
