#include "harness/sandbox/grader_children.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

namespace netgrade::sandbox {
namespace {

bool Has(const std::vector<pid_t>& pids, pid_t p) {
  return std::find(pids.begin(), pids.end(), p) != pids.end();
}

// A process whose parent has exited: the grader, a child subreaper, adopts it. Its pid.
pid_t MakeOrphan() {
  int p[2];
  EXPECT_EQ(::pipe2(p, O_CLOEXEC), 0);
  pid_t middle = ::fork();
  if (middle == 0) {
    pid_t orphan = ::fork();
    if (orphan == 0) {
      ::pause();
      ::_exit(0);
    }
    ssize_t ignored = ::write(p[1], &orphan, sizeof orphan);
    (void)ignored;
    ::_exit(0);
  }
  ::close(p[1]);
  pid_t orphan = -1;
  EXPECT_EQ(::read(p[0], &orphan, sizeof orphan), static_cast<ssize_t>(sizeof orphan));
  ::close(p[0]);
  EXPECT_EQ(::waitpid(middle, nullptr, 0), middle);
  return orphan;
}

TEST(GraderChildren, AnOrphanTheGraderAdoptedIsFoundAndALiveProgramIsNot) {
  SetUpGraderOnce();
  pid_t orphan = MakeOrphan();
  ASSERT_GT(orphan, 0);
  EXPECT_TRUE(Has(AdoptedOrphans(-1), orphan)) << "the subreaper adopted it";
  EXPECT_TRUE(Has(AdoptedOrphans(static_cast<int>(::geteuid())), orphan)) << "ours by owner";
  EXPECT_FALSE(Has(AdoptedOrphans(static_cast<int>(::geteuid()) + 4242), orphan))
      << "another case's uid takes only its own";
  {
    auto registering = LockPrograms();
    AddProgram(orphan);
  }
  EXPECT_FALSE(Has(AdoptedOrphans(-1), orphan)) << "a registered program is no orphan";
  ProgramReaped(orphan);
  EXPECT_TRUE(Has(AdoptedOrphans(-1), orphan)) << "reaped as a program: an orphan again";
  ForgetGroup(orphan);
  ::kill(orphan, SIGKILL);
  EXPECT_EQ(::waitpid(orphan, nullptr, 0), orphan);
  EXPECT_FALSE(Has(AdoptedOrphans(-1), orphan));
}

}  // namespace
}  // namespace netgrade::sandbox
