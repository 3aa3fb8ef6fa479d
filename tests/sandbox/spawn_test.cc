#include "harness/sandbox/spawn.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "harness/base/fork_lock.h"

namespace netgrade::sandbox {
namespace {

std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, n);
  return out;
}

// One ForkExec with pipes for every stream; what the child printed and how it ended.
struct Spawned {
  std::string out, err;
  int exec_errno = 0;                 // what the exec-error pipe carried, 0 when exec succeeded
  SpawnStep step = SpawnStep::kExec;  // which step it names
  int status = -1;
};

Spawned Spawn(const SpawnOptions& o, const std::string& path) {
  int in[2], out[2], err[2], exec_error[2];
  EXPECT_EQ(::pipe2(in, O_CLOEXEC), 0);
  EXPECT_EQ(::pipe2(out, O_CLOEXEC), 0);
  EXPECT_EQ(::pipe2(err, O_CLOEXEC), 0);
  EXPECT_EQ(::pipe2(exec_error, O_CLOEXEC), 0);
  ExecArgs args(o.argv, o.env);
  pid_t pid = ForkExec(o, path, args, ChildFds{in[0], out[1], err[1], exec_error[1]}, {});
  Spawned r;
  for (int fd : {in[0], out[1], err[1], exec_error[1]}) ::close(fd);
  ::close(in[1]);           // no input: end of file at once
  int message[2] = {0, 0};  // the step that failed, its errno
  if (::read(exec_error[0], message, sizeof message) == static_cast<ssize_t>(sizeof message)) {
    r.step = static_cast<SpawnStep>(message[0]);
    r.exec_errno = message[1];
  }
  r.out = ReadAll(out[0]);
  r.err = ReadAll(err[0]);
  for (int fd : {out[0], err[0], exec_error[0]}) ::close(fd);
  int status = 0;
  EXPECT_EQ(::waitpid(pid, &status, 0), pid);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST(ExecArgs, MakesNullTerminatedArraysOfArgvAndEnvironment) {
  ExecArgs a({"/bin/echo", "hello"}, {"A=1"});
  EXPECT_STREQ(a.argv()[0], "/bin/echo");
  EXPECT_STREQ(a.argv()[1], "hello");
  EXPECT_EQ(a.argv()[2], nullptr);
  EXPECT_STREQ(a.envp()[0], "A=1");
  EXPECT_EQ(a.envp()[1], nullptr);
  ExecArgs empty({"/bin/true"}, {});
  EXPECT_EQ(empty.envp()[0], nullptr);
}

TEST(StudentEnvironment, HasAPlainPathAUtf8LocaleAndHomeInTheWorkDirectory) {
  std::vector<std::string> env = StudentEnvironment("/tmp/work");
  auto has = [&](const std::string& v) {
    return std::find(env.begin(), env.end(), v) != env.end();
  };
  EXPECT_TRUE(has("HOME=/tmp/work"));
  EXPECT_TRUE(has("PATH=/usr/local/bin:/usr/bin:/bin"));
  EXPECT_TRUE(has("LC_ALL=C.UTF-8"));
}

// Moved from process_test.cc: Python's buffering must stay as a terminal or a pipe makes it.
TEST(StudentEnvironment, DoesNotHidePipeBuffering) {
  for (const std::string& e : StudentEnvironment("/tmp"))
    EXPECT_EQ(e.rfind("PYTHONUNBUFFERED", 0), std::string::npos);
}

TEST(ForkExec, RunsTheProgramWithOnlyTheGivenEnvironmentInItsDirectoryAndGroup) {
  ::setenv("NETGRADE_SPAWN_TEST_SECRET", "grader's", 1);
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c",
            "printf '%s|%s|%s|' \"$HOME\" \"$(pwd)\" \"$NETGRADE_SPAWN_TEST_SECRET\"; "
            "ulimit -n; [ \"$(cut -d' ' -f5 /proc/$$/stat)\" = \"$$\" ] && echo own-group; "
            "echo oops >&2; exit 7"};
  o.env = StudentEnvironment("/tmp");
  o.cwd = "/";
  o.limits.open_files = 99;
  Spawned r = Spawn(o, "/bin/sh");
  ::unsetenv("NETGRADE_SPAWN_TEST_SECRET");
  EXPECT_EQ(r.exec_errno, 0);
  EXPECT_EQ(r.out, "/tmp|/||99\nown-group\n")
      << "HOME, the directory, no grader variable, the fd limit, a process group of its own";
  EXPECT_EQ(r.err, "oops\n");
  EXPECT_EQ(r.status, 7);
}

TEST(ForkExec, AFailedExecSendsItsErrnoAndExits127) {
  SpawnOptions o;
  o.argv = {"/nonexistent/program"};
  Spawned r = Spawn(o, "/nonexistent/program");
  EXPECT_EQ(r.exec_errno, ENOENT);
  EXPECT_EQ(r.step, SpawnStep::kExec) << "a program that cannot be executed is the program's";
  EXPECT_EQ(r.status, 127);
}

// A step of the sandbox that fails is named as such: the grader's problem, not the program's.
TEST(ForkExec, AFailedSandboxStepIsNamedNotTakenForTheProgram) {
  SpawnOptions bad_dir;
  bad_dir.argv = {"/bin/true"};
  bad_dir.cwd = "/nonexistent/dir";
  Spawned r = Spawn(bad_dir, "/bin/true");
  EXPECT_EQ(r.exec_errno, ENOENT);
  EXPECT_EQ(r.step, SpawnStep::kWorkdir);
}

// A case closes its program's standard input while another case forks its own program: the
// first program must get its end of file at once, not when the other's child gets round to
// closing the copy it was born with (a client at rest in read() was judged as never exiting,
// under load). While one thread forks again and again, another makes pipes and closes their
// write ends with CloseSeenAtOnce: every read end must show its end at once.
TEST(ForkExec, NoChildHoldsAnEndThatWasClosedToBeSeenAtOnce) {
  std::atomic<bool> stop{false};
  std::atomic<int> spawned{0};
  std::thread forks([&] {
    SpawnOptions o;
    o.argv = {"/bin/true"};
    while (!stop) {
      Spawn(o, "/bin/true");
      ++spawned;
    }
  });
  int late = 0, tries = 0;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while ((spawned < 200 || tries < 20000) && std::chrono::steady_clock::now() < until) {
    int p[2];
    ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
    Fd read_end(p[0]), write_end(p[1]);
    CloseSeenAtOnce(write_end);
    pollfd pfd{read_end.get(), POLLIN, 0};
    if (::poll(&pfd, 1, 0) != 1 || !(pfd.revents & POLLHUP)) ++late;
    ++tries;
  }
  stop = true;
  forks.join();
  EXPECT_GT(spawned.load(), 0);
  EXPECT_EQ(late, 0) << "of " << tries << " pipes closed while " << spawned << " children forked";
}

}  // namespace
}  // namespace netgrade::sandbox
