#include "harness/base/proc.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace netgrade {
namespace {

bool Has(const std::vector<pid_t>& pids, pid_t p) {
  return std::find(pids.begin(), pids.end(), p) != pids.end();
}

TEST(DescendantsOf, FindsChildrenAndGrandchildrenButNotTheParent) {
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // A child with a grandchild: the grandchild's pid goes up the pipe once it exists.
    pid_t grandchild = ::fork();
    if (grandchild == 0) {
      ::pause();
      ::_exit(0);
    }
    (void)!::write(ready[1], &grandchild, sizeof grandchild);
    ::pause();
    ::_exit(0);
  }
  ::close(ready[1]);
  pid_t grandchild = 0;
  ASSERT_EQ(::read(ready[0], &grandchild, sizeof grandchild),
            static_cast<ssize_t>(sizeof grandchild));
  ::close(ready[0]);

  std::vector<pid_t> found = DescendantsOf(child);
  EXPECT_TRUE(Has(found, child));
  EXPECT_TRUE(Has(found, grandchild));
  EXPECT_FALSE(Has(found, ::getpid()));
  EXPECT_TRUE(Has(DescendantsOf(::getpid()), grandchild));

  ::kill(grandchild, SIGKILL);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
}

TEST(DescendantsOf, AProcessThatIsGoneHasNone) {
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(0);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);
  EXPECT_TRUE(DescendantsOf(child).empty());
}

}  // namespace
}  // namespace netgrade
