#include "harness/sandbox/kill.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/base/proc.h"

namespace netgrade::sandbox {
namespace {

// A process that keeps forking while it is killed: each round kills what the last one left,
// until nothing of the tree is alive.
TEST(KillUntilGone, KillsATreeThatForksWhileDying) {
  // Orphans of the tree come to this test (as they come to the grader), to be reaped here.
  // Set back as it was at the end: the grader's own Process tests in this binary rely on it.
  int was_subreaper = 0;
  ASSERT_EQ(::prctl(PR_GET_CHILD_SUBREAPER, &was_subreaper), 0);
  ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  pid_t root = ::fork();
  ASSERT_GE(root, 0);
  if (root == 0) {
    ::setpgid(0, 0);
    for (int i = 0; i < 5; ++i)
      if (::fork() == 0) break;  // children fork again: a small tree
    for (;;) ::pause();
  }
  // The tree has formed once the root has its five children.
  while (DescendantsOf(root).size() < 6) ::sched_yield();
  int rounds = 0;
  KillUntilGone({[&] {
                   std::vector<pid_t> alive;
                   for (pid_t p : DescendantsOf(root)) {
                     std::optional<ProcStat> s =
                         ReadProcStat("/proc/" + std::to_string(p) + "/stat");
                     if (s && s->state != 'Z') alive.push_back(p);
                   }
                   return alive;
                 },
                 [&](const std::vector<pid_t>&) { ++rounds; }});
  EXPECT_GE(rounds, 1);
  int status = 0;
  ASSERT_EQ(::waitpid(root, &status, 0), root);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  // Every other process of the tree was killed too: reaping them here never blocks.
  int reaped = 0;
  while (::waitpid(-root, &status, WNOHANG) > 0) {
    EXPECT_TRUE(WIFSIGNALED(status));
    ++reaped;
  }
  EXPECT_EQ(reaped, 5);
  EXPECT_EQ(::kill(-root, 0), -1) << "a process of the tree is still alive";
  ::prctl(PR_SET_CHILD_SUBREAPER, was_subreaper);
}

}  // namespace
}  // namespace netgrade::sandbox
