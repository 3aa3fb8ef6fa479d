#include "harness/cli/watchdog.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace netgrade::cli {
namespace {

// The wait status of a process that calls RunWatched(grader) and exits with what it returns
// (the front of netgrade, as main does).
int FrontStatus(const std::function<int()>& grader) {
  pid_t front = ::fork();
  if (front == 0) ::_exit(RunWatched(grader));
  int status = 0;
  ::waitpid(front, &status, 0);
  return status;
}

TEST(RunWatched, TheFrontExitsWithTheGradersStatus) {
  int status = FrontStatus([] { return 7; });
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 7);
}

TEST(RunWatched, AGraderKilledByASignalKillsTheFrontWithIt) {
  int status = FrontStatus([] {
    ::raise(SIGTERM);
    return 0;
  });
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
}

// The grader may be up (and print) before the front has read its pid: a SIGTERM sent then,
// as a test or a CI runner sends it once it sees output, is forwarded, never the front's end.
// One CPU, shared with a busy process, makes the front late as on a loaded machine.
TEST(RunWatched, ASigtermAsSoonAsTheGraderIsUpIsForwardedNotTheFrontsEnd) {
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(0, &one);
  pid_t busy = ::fork();
  if (busy == 0) {
    ::sched_setaffinity(0, sizeof one, &one);
    ::alarm(60);
    for (;;) {
    }
  }
  for (int i = 0; i < 20; ++i) {
    pid_t front = ::fork();
    if (front == 0) {
      ::sched_setaffinity(0, sizeof one, &one);
      pid_t self = ::getpid();
      ::_exit(RunWatched([self] {
        sigset_t term;
        sigemptyset(&term);
        sigaddset(&term, SIGTERM);
        ::sigprocmask(SIG_BLOCK, &term, nullptr);
        ::kill(self, SIGTERM);
        timespec bound{10, 0};
        return ::sigtimedwait(&term, nullptr, &bound) == SIGTERM ? 5 : 6;
      }));
    }
    int status = 0;
    ::waitpid(front, &status, 0);
    EXPECT_TRUE(WIFEXITED(status)) << "round " << i << ": the front died of signal "
                                   << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    EXPECT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 5) << "round " << i;
    if (::testing::Test::HasFailure()) break;
  }
  ::kill(busy, SIGKILL);
  ::waitpid(busy, nullptr, 0);
}

TEST(RunWatched, ADaemonTheGraderLeftIsKilledBeforeTheFrontExits) {
  int pids[2];
  ASSERT_EQ(::pipe(pids), 0);
  int status = FrontStatus([&] {
    // A double fork into a session of its own, as a daemon does; SIGTERM ignored.
    if (::fork() == 0) {
      ::setsid();
      if (::fork() == 0) {
        ::signal(SIGTERM, SIG_IGN);
        // Once for the grader (it is up), once for the test.
        pid_t self[2] = {::getpid(), ::getpid()};
        ssize_t ignored = ::write(pids[1], self, sizeof self);
        (void)ignored;
        for (;;) ::pause();
      }
      ::_exit(0);
    }
    pid_t daemon = 0;
    ssize_t ignored = ::read(pids[0], &daemon, sizeof daemon);
    (void)ignored;
    return 0;
  });
  ASSERT_TRUE(WIFEXITED(status));
  ::close(pids[1]);
  pid_t daemon = 0;
  ASSERT_EQ(::read(pids[0], &daemon, sizeof daemon), static_cast<ssize_t>(sizeof daemon));
  ::close(pids[0]);
  // Killed and reaped by the watchdog before the front learnt the status: no such process.
  EXPECT_NE(::kill(daemon, 0), 0);
  EXPECT_EQ(errno, ESRCH);
}

}  // namespace
}  // namespace netgrade::cli
