#include "harness/sandbox/process.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "harness/base/error.h"
#include "harness/base/file.h"
#include "harness/base/proc.h"
#include "harness/observe/proc_sockets.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/netns.h"
#include "harness/sandbox/spawn.h"

namespace netgrade::sandbox {
namespace {
using namespace netgrade::observe;

const auto kBound = std::chrono::seconds(10);  // bounds a failure only

// A Python program that prints without flushing, then waits to be killed.
SpawnOptions Unflushed(bool tty) {
  SpawnOptions o;
  o.argv = {"/usr/bin/python3", "-c",
            "import signal, sys\nprint('hello before the kill')\nsys.stdin.read()\nsignal.pause()"};
  o.env = StudentEnvironment("/tmp");
  o.stdout_tty = tty;
  o.stdin_data = "x";
  return o;
}

// What a terminal would have shown is kept: on a pty Python line-buffers; on a pipe the same
// program loses its output when it is killed (the contrast proves the test can fail).
TEST(Process, KeepsUnflushedOutputOfAKilledProgramOnAPty) {
  EventLoop loop;
  auto p = Process::Start(Unflushed(true), loop);
  ASSERT_TRUE(loop.RunUntil([&] { return p->stdout_text().find("hello") != std::string::npos; },
                            Clock::now() + kBound));
  p->Kill();
  EXPECT_EQ(p->stdout_text(), "hello before the kill\n");
  EXPECT_TRUE(p->exit_info().killed_by_grader);

  auto piped = Process::Start(Unflushed(false), loop);
  ASSERT_TRUE(loop.RunUntil([&] { return piped->stdin_closed(); }, Clock::now() + kBound));
  // Python has read its input and printed into its buffer; nothing shows on a pipe.
  bool asleep = false;
  std::function<void()> look = [&] {
    std::string w = ReadFile("/proc/" + std::to_string(piped->pid()) + "/wchan", 256).value_or("");
    asleep = w.find("pause") != std::string::npos;  // it printed, then waits in pause()
    if (!asleep) loop.At(Clock::now() + std::chrono::milliseconds(2), look);
  };
  look();
  // Without this, an empty stdout would prove nothing: the program might not have printed yet.
  ASSERT_TRUE(loop.RunUntil([&] { return asleep; }, Clock::now() + kBound))
      << "the piped program was never seen asleep in pause() after its print";
  piped->Kill();
  EXPECT_EQ(piped->stdout_text(), "");
}

// StartKill sends the kill and returns; Kill() then waits, reaps, and counts the end as the
// grader's: SIGKILL, as after Kill() alone. A program that had ended before StartKill ended
// of itself, and is not counted so (the contrast: the flag is not set for every StartKill).
TEST(Process, StartKillLeavesTheWaitToKillAndTheEndIsTheGraders) {
  EventLoop loop;
  auto p = Process::Start(Unflushed(true), loop);
  ASSERT_TRUE(loop.RunUntil([&] { return p->stdout_text().find("hello") != std::string::npos; },
                            Clock::now() + kBound));
  pid_t pid = p->pid();
  p->StartKill();
  EXPECT_FALSE(p->exit_info().exited) << "StartKill reaped: it waited for the end";
  p->Kill();
  EXPECT_TRUE(p->exit_info().exited);
  EXPECT_EQ(p->exit_info().signal, SIGKILL);
  EXPECT_TRUE(p->exit_info().killed_by_grader);
  EXPECT_EQ(::kill(pid, 0), -1) << "Kill() after StartKill left it unreaped";

  SpawnOptions quick;
  quick.argv = {"/usr/bin/python3", "-c", "print('done')"};
  quick.env = StudentEnvironment("/tmp");
  auto ended = Process::Start(quick, loop);
  ASSERT_TRUE(loop.RunUntil([&] { return ended->finished(); }, Clock::now() + kBound));
  ended->StartKill();
  ended->Kill();
  EXPECT_EQ(ended->exit_info().status, 0);
  EXPECT_FALSE(ended->exit_info().killed_by_grader);
}

TEST(Process, FeedsStdinAndReportsTheExitStatus) {
  EventLoop loop;
  SpawnOptions o;
  o.argv = {"/usr/bin/python3", "-c",
            "import sys\ndata = sys.stdin.read()\nprint(data.upper(), end='')\nsys.exit(3)"};
  o.env = StudentEnvironment("/tmp");
  o.stdin_data = "one\ntwo\n";
  auto p = Process::Start(o, loop);
  ASSERT_TRUE(loop.RunUntil([&] { return p->finished(); }, Clock::now() + kBound));
  EXPECT_EQ(p->stdout_text(), "ONE\nTWO\n");
  EXPECT_EQ(p->exit_info().status, 3);
  EXPECT_FALSE(p->exit_info().killed_by_grader);
}

TEST(Process, CapsAFloodWithoutBlocking) {
  EventLoop loop;
  SpawnOptions o;
  o.argv = {"/usr/bin/python3", "-c",
            "import sys\nfor _ in range(100000): sys.stdout.write('x' * 1000 + '\\n')"};
  o.env = StudentEnvironment("/tmp");
  o.limits.output_bytes = 1 << 16;
  auto p = Process::Start(o, loop);
  ASSERT_TRUE(
      loop.RunUntil([&] { return p->finished(); }, Clock::now() + std::chrono::seconds(60)));
  EXPECT_EQ(p->stdout_text().size(), 1u << 16);
  EXPECT_TRUE(p->stdout_cut());
  EXPECT_EQ(p->exit_info().status, 0);
}

TEST(Process, KillsADoubleForkedDaemonThatIgnoresSigterm) {
  EventLoop loop;
  SpawnOptions o;
  o.argv = {
      "/usr/bin/python3", "-c",
      "import os, signal, sys\nif os.fork(): os._exit(0)\nos.setsid()\nif os.fork(): os._exit(0)\n"
      "signal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint(os.getpid(), "
      "flush=True)\nsignal.pause()"};
  o.env = StudentEnvironment("/tmp");
  auto p = Process::Start(o, loop);
  ASSERT_TRUE(loop.RunUntil([&] { return p->stdout_text().find('\n') != std::string::npos; },
                            Clock::now() + kBound));
  pid_t daemon = std::stoi(p->stdout_text());
  ASSERT_EQ(::kill(daemon, 0), 0);
  p->Kill();
  EXPECT_EQ(::kill(daemon, 0), -1) << "the daemon survived";
  EXPECT_EQ(errno, ESRCH) << "it must be reaped too, not left a zombie";
}

// The cgroup's memory cap, reached by touching memory (below RLIMIT_DATA): the kernel kills
// the program with SIGKILL, and the cgroup must say it was for memory.
TEST(Process, AProgramKilledByItsCgroupForMemoryIsSeenAtTheLimit) {
  std::string why;
  auto cgroup = CaseCgroup::Create(8, int64_t{64} << 20, &why);
  if (!cgroup) GTEST_SKIP() << "needs cgroups: " << why;
  EventLoop loop;
  SpawnOptions o;
  o.argv = {"/usr/bin/python3", "-c", "data = b'x' * (256 << 20)\nprint(len(data))"};
  o.env = StudentEnvironment("/tmp");
  o.limits.memory_bytes = int64_t{4} << 30;
  o.cgroup = cgroup.get();
  auto p = Process::Start(o, loop);
  ASSERT_TRUE(loop.RunUntil([&] { return p->finished(); }, Clock::now() + kBound));
  EXPECT_EQ(p->exit_info().signal, SIGKILL) << p->stderr_text();
  EXPECT_TRUE(cgroup->memory_limit_hit());
}

// In a cgroup without the pids controller (a cgroup2 that does not delegate it) the process
// cap is still RLIMIT_NPROC: it binds once the program runs as another user.
TEST(Process, AProgramInACgroupWithoutAProcessCapIsCappedByItsRlimit) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root: RLIMIT_NPROC binds only for another user";
  CgroupPlace place = CgroupV2At("/sys/fs/cgroup/unified");
  if (place.version != CgroupVersion::kV2 || place.caps_processes)
    GTEST_SKIP() << "needs a cgroup2 without the pids controller: " << place.why;
  auto cgroup = CaseCgroup::Create(place, 2, int64_t{256} << 20, nullptr);
  ASSERT_TRUE(cgroup);
  EventLoop loop;
  SpawnOptions o;
  o.argv = {"/usr/bin/python3", "-c",
            "import os, signal\nforked = 0\nfor i in range(3):\n    try:\n"
            "        if os.fork() == 0:\n            signal.pause()\n        forked += 1\n"
            "    except OSError:\n        pass\nprint(forked, flush=True)\nsignal.pause()"};
  o.env = StudentEnvironment("/tmp");
  o.cgroup = cgroup.get();
  o.limits.processes = 2;
  o.uid = o.gid = 61999;  // a user of its own: RLIMIT_NPROC counts the user's processes
  auto p = Process::Start(o, loop);
  ASSERT_TRUE(loop.RunUntil([&] { return p->stdout_text().find('\n') != std::string::npos; },
                            Clock::now() + kBound))
      << p->stderr_text();
  EXPECT_EQ(p->stdout_text(), "1\n") << "forks beyond the cap of 2 processes must fail";
  EXPECT_EQ(cgroup->Pids().size(), 2u);
  p->Kill();
}

// At the CPU limit the program gets SIGXCPU, which names the cause, not a bare SIGKILL.
TEST(Process, AProgramOverItsCpuLimitGetsSigxcpu) {
  EventLoop loop;
  SpawnOptions o;
  o.argv = {"/usr/bin/python3", "-c", "while True: pass"};
  o.env = StudentEnvironment("/tmp");
  o.limits.cpu_seconds = 1;
  auto p = Process::Start(o, loop);
  ASSERT_TRUE(loop.RunUntil([&] { return p->finished(); }, Clock::now() + kBound));
  EXPECT_EQ(p->exit_info().signal, SIGXCPU);
}

// netgrade killed outright (SIGKILL: no handler runs) takes the student's program with it,
// also when the program runs as another user (changing the uid clears the parent-death
// signal, so it must be set after). The daemon never answers and is never at rest (it wakes
// every 50 ms): netgrade is still waiting.
TEST(Process, ASigkilledGraderTakesTheProgramWithIt) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root: the program only changes user then";
  EventLoop loop;
  SpawnOptions o;
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
  auto netgrade = Process::Start(o, loop);

  // Observed, not timed: the student's server is up once a descendant of netgrade listens.
  std::vector<pid_t> students;
  std::function<void()> look = [&] {
    std::vector<pid_t> pids = DescendantsOf(netgrade->pid());
    for (const observe::SocketInfo& s : observe::SocketsOf(pids))
      if (s.listening()) students = pids;
    if (students.empty()) loop.At(Clock::now() + std::chrono::milliseconds(2), look);
  };
  look();
  ASSERT_TRUE(loop.RunUntil([&] { return !students.empty() || netgrade->exit_info().exited; },
                            Clock::now() + kBound));
  ASSERT_FALSE(students.empty()) << "the submission never started listening; netgrade said: "
                                 << netgrade->stdout_text() << netgrade->stderr_text();

  std::vector<pollfd> ends;
  for (pid_t p : students) {
    int fd = static_cast<int>(::syscall(SYS_pidfd_open, p, 0));
    if (fd >= 0) ends.push_back({fd, POLLIN, 0});
  }
  ASSERT_FALSE(ends.empty());
  ::kill(netgrade->pid(), SIGKILL);
  // A pidfd turns readable when its process has ended (a zombie included).
  int alive = 0;
  for (pollfd& e : ends) {
    alive += ::poll(&e, 1, 5000) == 0;
    ::close(e.fd);
  }
  for (pid_t p : students) {  // whatever the verdict, leave nothing behind
    ::kill(p, SIGKILL);
    ::waitpid(p, nullptr, WNOHANG);
  }
  EXPECT_EQ(alive, 0) << "a process of the student outlived the grader that was killed";
}

}  // namespace
}  // namespace netgrade::sandbox

namespace netgrade::sandbox {
namespace {

// A program that echoes each line of its input as it reads it, until end of input.
SpawnOptions LineEcho() {
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "while read -r l; do echo \"got $l\"; done; echo eof"};
  o.env = StudentEnvironment("/tmp");
  o.stdin_open = true;
  return o;
}

// With stdin_open, input goes on after stdin_data: each line is read when it is written (the
// program has answered line 1 before line 2 exists), and only CloseStdin() ends it.
TEST(Process, AnOpenStandardInputTakesLinesOneAtATimeUntilClosed) {
  EventLoop loop;
  SpawnOptions o = LineEcho();
  o.stdin_data = "zero\n";
  auto p = Process::Start(o, loop);
  ASSERT_TRUE(
      loop.RunUntil([&] { return p->stdout_text() == "got zero\n"; }, Clock::now() + kBound))
      << p->stdout_text();
  p->WriteStdin("one\n");
  ASSERT_TRUE(loop.RunUntil([&] { return p->stdout_text() == "got zero\ngot one\n"; },
                            Clock::now() + kBound))
      << p->stdout_text();
  EXPECT_FALSE(p->stdin_closed());
  EXPECT_FALSE(p->exit_info().exited) << "it ended with its input still open";
  p->WriteStdin("two\n");
  p->CloseStdin();  // after what is written: two is read, then the end
  ASSERT_TRUE(loop.RunUntil([&] { return p->finished(); }, Clock::now() + kBound));
  EXPECT_EQ(p->stdout_text(), "got zero\ngot one\ngot two\neof\n");
  EXPECT_TRUE(p->stdin_closed());
}

TEST(Process, WithoutStdinOpenInputEndsAfterStdinData) {
  EventLoop loop;
  SpawnOptions o = LineEcho();
  o.stdin_open = false;
  o.stdin_data = "zero\n";
  auto p = Process::Start(o, loop);
  ASSERT_TRUE(loop.RunUntil([&] { return p->finished(); }, Clock::now() + kBound));
  EXPECT_EQ(p->stdout_text(), "got zero\neof\n");
  p->WriteStdin("late\n");  // ignored: input is over
  EXPECT_TRUE(p->stdin_closed());
}

// SIGTERM, its end seen through OnExit on the loop, and counted as the grader's doing; a
// program that ignores SIGTERM is still running after it (Kill() is for that).
TEST(Process, TerminateEndsItWithSigtermAsTheGradersDoing) {
  EventLoop loop;
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "echo up; exec sleep 100"};
  o.env = StudentEnvironment("/tmp");
  auto p = Process::Start(o, loop);
  bool ended = false;
  p->OnExit([&] { ended = true; });
  ASSERT_TRUE(loop.RunUntil([&] { return p->stdout_text() == "up\n"; }, Clock::now() + kBound));
  p->Terminate();
  ASSERT_TRUE(loop.RunUntil([&] { return ended; }, Clock::now() + kBound));
  EXPECT_TRUE(p->exit_info().exited);
  EXPECT_EQ(p->exit_info().signal, SIGTERM);
  EXPECT_TRUE(p->exit_info().killed_by_grader);

  // Python runs a handler between bytecodes: a SIGTERM that comes after its last check and
  // before it blocks in read() would wait for the read to end (a fresh Debian 13 under load
  // saw 'up' and nothing more for 10 s). Its wakeup pipe ends the select() whenever it came.
  o.argv = {
      "/usr/bin/python3", "-c",
      "import os, select, signal, sys\n"
      "r, w = os.pipe()\n"
      "os.set_blocking(w, False)\n"
      "signal.set_wakeup_fd(w)\n"
      "signal.signal(signal.SIGTERM, lambda *a: os.write(1, b'term\\n'))\n"
      "print('up', flush=True)\n"
      "while True:\n"
      "    ready = select.select([sys.stdin, r], [], [])[0]\n"
      "    if r in ready: os.read(r, 64)\n"
      "    if sys.stdin in ready: print('read ' + sys.stdin.readline().strip(), flush=True)\n"};
  o.stdin_open = true;
  auto stubborn = Process::Start(o, loop);
  ASSERT_TRUE(
      loop.RunUntil([&] { return stubborn->stdout_text() == "up\n"; }, Clock::now() + kBound));
  stubborn->Terminate();
  // It handles the signal (says so) once, and goes on reading: running still. (A SIGTERM to
  // each process and another to its group made a handler run twice when the scheduler let it
  // in between. The handler writes with os.write: the signal may come while print('up') is
  // still inside stdout's buffered writer, and a print() there raises "reentrant call".)
  ASSERT_TRUE(
      loop.RunUntil([&] { return stubborn->stdout_text().find("term\n") != std::string::npos; },
                    Clock::now() + kBound))
      << stubborn->stdout_text() << "|" << stubborn->stderr_text() << "|"
      << stubborn->exit_info().exited;
  stubborn->WriteStdin("x\n");
  ASSERT_TRUE(
      loop.RunUntil([&] { return stubborn->stdout_text().find("read x\n") != std::string::npos; },
                    Clock::now() + kBound));
  EXPECT_EQ(stubborn->stdout_text(), "up\nterm\nread x\n");
  EXPECT_FALSE(stubborn->exit_info().exited);
  stubborn->Kill();
  EXPECT_EQ(stubborn->exit_info().signal, SIGKILL);
}

TEST(Process, AnotherRunsOutputComesFirst) {
  EventLoop loop;
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "echo second; echo err2 >&2"};
  o.env = StudentEnvironment("/tmp");
  auto p = Process::Start(o, loop);
  p->ContinueOutputOf({"first\n", "err1\n", false, false});
  ASSERT_TRUE(loop.RunUntil([&] { return p->finished(); }, Clock::now() + kBound));
  EXPECT_EQ(p->stdout_text(), "first\nsecond\n");
  EXPECT_EQ(p->stderr_text(), "err1\nerr2\n");
  EXPECT_FALSE(p->stdout_cut());
  Process::Printed kept = p->printed();
  EXPECT_EQ(kept.out, "first\nsecond\n");
}

}  // namespace
}  // namespace netgrade::sandbox

namespace netgrade::sandbox {
namespace {

// A run that is gone hands its cgroup on: destroying it then leaves the next run in the same
// cgroup alone (without DetachFromCgroup its Kill() empties the cgroup).
TEST(Process, AGoneRunDetachedFromItsCgroupLeavesTheNextRunAlone) {
  std::string why;
  auto cgroup = CaseCgroup::Create(64, int64_t{1} << 30, &why);
  if (!cgroup) GTEST_SKIP() << "needs cgroups: " << why;
  EventLoop loop;
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "echo up; exec cat"};
  o.env = StudentEnvironment("/tmp");
  o.stdin_open = true;
  o.cgroup = cgroup.get();
  auto first = Process::Start(o, loop);
  ASSERT_TRUE(loop.RunUntil([&] { return first->stdout_text() == "up\n"; }, Clock::now() + kBound));
  first->Kill();
  auto second = Process::Start(o, loop);
  ASSERT_TRUE(
      loop.RunUntil([&] { return second->stdout_text() == "up\n"; }, Clock::now() + kBound));
  first->DetachFromCgroup();
  first.reset();
  // Emptying a cgroup is synchronous (CaseCgroup::KillAll): had it happened, the second run
  // would be dead (a zombie, not reaped yet) now.
  std::optional<ProcStat> stat = ReadProcStat("/proc/" + std::to_string(second->pid()) + "/stat");
  ASSERT_TRUE(stat.has_value());
  EXPECT_NE(stat->state, 'Z') << "the first run's end killed the second";
  EXPECT_FALSE(cgroup->Pids().empty());
}

}  // namespace
}  // namespace netgrade::sandbox
