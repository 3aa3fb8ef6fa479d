#include "harness/run/hold.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace netgrade::run {
namespace {

// A child that spins (never blocked in the kernel) must be seen stopped, then run again.
TEST(HoldTest, StopsASpinningProcessAndLetsItGo) {
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    for (;;) {
    }
  }
  EXPECT_FALSE(AllThreadsStopped(child));
  EXPECT_TRUE(HoldStill({child}));
  EXPECT_TRUE(AllThreadsStopped(child));
  LetGo({child});
  // SIGCONT is synchronous for the state: the child is no longer stopped once kill returned
  // and it has been scheduled; look until it is seen running (bounded by the test's timeout).
  while (AllThreadsStopped(child)) ::sched_yield();
  EXPECT_FALSE(AllThreadsStopped(child));
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
}

TEST(HoldTest, AProcessThatIsGoneIsNotStopped) {
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  EXPECT_FALSE(AllThreadsStopped(child));
  EXPECT_TRUE(HoldStill({child}));  // nothing left to hold: nothing runs
}

}  // namespace
}  // namespace netgrade::run
