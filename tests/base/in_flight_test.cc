// NothingBetween: an action due on the loop, or input come to a descriptor it watches and not
// yet handled, is something on its way to the program or from it; a timer that only looks is not.
#include "harness/base/in_flight.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "harness/base/fd.h"
#include "harness/base/poll_until.h"

namespace netgrade {
namespace {

using std::chrono::milliseconds;

// The machine's backlog empties by itself within microseconds: looked at until it has, so
// that what the test changes on the loop is all that decides.
bool EventuallyNothingBetween(const EventLoop& loop) {
  return PollUntil([&] { return NothingBetween(loop); }, milliseconds(5000), milliseconds(1));
}

TEST(NothingBetween, AnIdleLoopHasNothingOnItsWay) {
  EventLoop loop;
  EXPECT_TRUE(EventuallyNothingBetween(loop));
}

TEST(NothingBetween, AnActionDueIsOnItsWayATimerThatOnlyLooksIsNot) {
  EventLoop loop;
  uint64_t look = loop.Look(loop.Now() + std::chrono::hours(1), [] {});
  EXPECT_TRUE(EventuallyNothingBetween(loop)) << "a look changes nothing the program sees";
  uint64_t action = loop.At(loop.Now() + std::chrono::hours(1), [] {});
  EXPECT_FALSE(NothingBetween(loop));
  loop.Cancel(action);
  EXPECT_TRUE(EventuallyNothingBetween(loop));
  loop.Cancel(look);
}

TEST(NothingBetween, InputComeToAWatchedDescriptorIsOnItsWayUntilItIsRead) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  Fd ours(sv[0]), theirs(sv[1]);
  EventLoop loop;
  loop.Watch(ours.get(), POLLIN, [&](short) {
    char b;
    ASSERT_EQ(::read(ours.get(), &b, 1), 1);
  });
  EXPECT_TRUE(EventuallyNothingBetween(loop));
  ASSERT_EQ(::write(theirs.get(), "x", 1), 1);
  EXPECT_FALSE(NothingBetween(loop)) << "come, and no callback has read it yet";
  loop.RunOnce(loop.Now() + milliseconds(1000));
  EXPECT_TRUE(EventuallyNothingBetween(loop));
  loop.Unwatch(ours.get());
}

}  // namespace
}  // namespace netgrade
