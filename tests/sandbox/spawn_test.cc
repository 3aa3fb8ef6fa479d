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

// The grader's ends of the exec-error and report pipes may already be the numbers the child
// puts them at (3 and 4): a number just freed (another case's pipe, closed by the teardown of
// its remains) is the lowest free one. The child must still get to exec. Before, dup3(4, 4)
// failed with EINVAL: "sandbox: setting up standard streams", a grader_problem in
// validate's run of tcp-capitalize/one-recv-per-connection.
TEST(ForkExec, PipesAlreadyAtTheNumbersTheyGoToStillReachThem) {
  int in[2], out[2], err[2], exec_error[2], report[2];
  for (int* p : {in, out, err, exec_error, report}) ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  // What this process held at 3 and 4, kept aside and put back after.
  int saved3 = ::fcntl(3, F_DUPFD_CLOEXEC, 200), saved4 = ::fcntl(4, F_DUPFD_CLOEXEC, 200);
  int at3 = ::fcntl(exec_error[1], F_DUPFD_CLOEXEC, 300),
      at4 = ::fcntl(report[1], F_DUPFD_CLOEXEC, 300);
  ASSERT_EQ(::dup3(at3, 3, O_CLOEXEC), 3);
  ASSERT_EQ(::dup3(at4, 4, O_CLOEXEC), 4);
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "echo ran"};
  o.env = StudentEnvironment("/tmp");
  ExecArgs args(o.argv, o.env);
  pid_t pid = ForkExec(o, "/bin/sh", args, ChildFds{in[0], out[1], err[1], 3, 4}, {});
  for (int fd : {in[0], in[1], out[1], err[1], exec_error[1], report[1], at3, at4}) ::close(fd);
  ::close(3);
  ::close(4);
  if (saved3 >= 0) ::dup3(saved3, 3, O_CLOEXEC), ::close(saved3);
  if (saved4 >= 0) ::dup3(saved4, 4, O_CLOEXEC), ::close(saved4);
  int message[2] = {0, 0};
  EXPECT_EQ(::read(exec_error[0], message, sizeof message), 0)
      << "the child failed at step " << message[0] << ": " << std::strerror(message[1]);
  EXPECT_EQ(ReadAll(out[0]), "ran\n");
  int status = 0;
  EXPECT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  for (int fd : {out[0], err[0], exec_error[0], report[0]}) ::close(fd);
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
