#include "harness/base/event_loop.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <string>

namespace netgrade {
namespace {

const auto kBound = std::chrono::seconds(10);  // bounds a failure only

struct Pipe {
  Pipe() { EXPECT_EQ(::pipe(fds), 0); }
  ~Pipe() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  int fds[2];
};

TEST(EventLoop, TimersFireInTheOrderOfTheirTimesNotOfTheirCreation) {
  EventLoop loop;
  std::string order;
  TimePoint now = Clock::now();
  loop.At(now + milliseconds(3), [&] { order += "c"; });
  loop.At(now + milliseconds(1), [&] { order += "a"; });
  loop.At(now + milliseconds(2), [&] { order += "b"; });
  ASSERT_TRUE(loop.RunUntil([&] { return order.size() == 3; }, now + kBound));
  EXPECT_EQ(order, "abc");
}

TEST(EventLoop, ACancelledTimerNeverFires) {
  EventLoop loop;
  bool cancelled_fired = false, later_fired = false;
  TimePoint now = Clock::now();
  uint64_t id = loop.At(now, [&] { cancelled_fired = true; });
  loop.At(now + milliseconds(1), [&] { later_fired = true; });
  loop.Cancel(id);
  ASSERT_TRUE(loop.RunUntil([&] { return later_fired; }, now + kBound));
  EXPECT_FALSE(cancelled_fired);
}

// What is still due to happen is counted, looks are not: a case is quiet only when nothing
// that acts is pending. Firing, cancelling (twice) and cancelling a fired timer keep it right.
TEST(EventLoop, CountsPendingActionsButNotLooks) {
  EventLoop loop;
  TimePoint now = Clock::now();
  bool fired = false;
  uint64_t act = loop.At(now, [&] { fired = true; });
  uint64_t later = loop.At(now + std::chrono::hours(1), [] {});
  uint64_t look = loop.Look(now, [] {});
  EXPECT_EQ(loop.actions_pending(), 2u);
  ASSERT_TRUE(loop.RunUntil([&] { return fired; }, now + kBound));
  EXPECT_EQ(loop.actions_pending(), 1u);
  loop.Cancel(act);   // fired already: nothing to cancel
  loop.Cancel(look);  // fired already
  EXPECT_EQ(loop.actions_pending(), 1u);
  loop.Cancel(later);
  loop.Cancel(later);
  EXPECT_EQ(loop.actions_pending(), 0u);
  uint64_t pending_look = loop.Look(now + std::chrono::hours(1), [] {});
  EXPECT_EQ(loop.actions_pending(), 0u);
  loop.Cancel(pending_look);
}

TEST(EventLoop, AWatchedFdCallsBackWhenReadableAndNotAfterUnwatch) {
  EventLoop loop;
  Pipe p;
  int calls = 0;
  loop.Watch(p.fds[0], POLLIN, [&](short revents) {
    EXPECT_TRUE(revents & POLLIN);
    char c;
    ASSERT_EQ(::read(p.fds[0], &c, 1), 1);
    ++calls;
    loop.Unwatch(p.fds[0]);
  });
  ASSERT_EQ(::write(p.fds[1], "xy", 2), 2);
  ASSERT_TRUE(loop.RunUntil([&] { return calls > 0; }, Clock::now() + kBound));
  // A byte is still there, but the fd is no longer watched: a round passes without a call.
  bool timer_fired = false;
  loop.At(Clock::now(), [&] { timer_fired = true; });
  ASSERT_TRUE(loop.RunUntil([&] { return timer_fired; }, Clock::now() + kBound));
  EXPECT_EQ(calls, 1);
}

// A callback may run a round of its own (the case runner waits inside one); the outer round
// then goes on with the descriptors it polled.
TEST(EventLoop, ARoundRunFromACallbackLeavesTheOuterRoundIntact) {
  EventLoop loop;
  Pipe a, b, c;
  std::string order;
  auto reader = [&](int fd, char name) {
    return [&, fd, name](short) {
      char ch;
      ASSERT_EQ(::read(fd, &ch, 1), 1);
      order += name;
      loop.Unwatch(fd);
    };
  };
  loop.Watch(a.fds[0], POLLIN, [&](short) {
    char ch;
    ASSERT_EQ(::read(a.fds[0], &ch, 1), 1);
    order += 'a';
    loop.Unwatch(a.fds[0]);
    loop.Watch(c.fds[0], POLLIN, reader(c.fds[0], 'c'));
    ASSERT_EQ(::write(c.fds[1], "z", 1), 1);
    loop.RunOnce(Clock::now() + kBound);  // nested: sees c (and b, not yet read)
  });
  loop.Watch(b.fds[0], POLLIN, reader(b.fds[0], 'b'));
  ASSERT_EQ(::write(a.fds[1], "x", 1), 1);
  ASSERT_EQ(::write(b.fds[1], "y", 1), 1);
  ASSERT_TRUE(loop.RunUntil([&] { return order.size() == 3; }, Clock::now() + kBound));
  std::string sorted = order;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, "abc") << order;  // each once: b not read twice by the two rounds
}

// On a clock the test moves, a timer fires when the clock passes it, and a round never waits.
TEST(EventLoop, OnAManualClockTimersFireWhenTheClockIsMovedPastThem) {
  ManualClock clock;
  EventLoop loop(&clock);
  TimePoint start = clock.now();
  bool fired = false;
  loop.At(start + std::chrono::hours(1), [&] { fired = true; });
  auto real = Clock::now();
  loop.RunOnce(start + std::chrono::hours(2));  // returns at once: nothing is due
  EXPECT_LT(Clock::now() - real, std::chrono::seconds(1));
  EXPECT_FALSE(fired);
  clock.Advance(std::chrono::minutes(59));
  loop.RunOnce(clock.now());
  EXPECT_FALSE(fired);
  clock.Advance(std::chrono::minutes(1));
  EXPECT_EQ(loop.Now(), start + std::chrono::hours(1));
  loop.RunOnce(clock.now());
  EXPECT_TRUE(fired);
}

// No limit: a round waits for an event (here one already there), however far off the end of
// time is; a timer due sets the limit.
TEST(EventLoop, WithoutALimitARoundWaitsForAnEventOrTheNextTimer) {
  EventLoop loop;
  Pipe p;
  int calls = 0;
  loop.Watch(p.fds[0], POLLIN, [&](short) {
    char c;
    EXPECT_EQ(::read(p.fds[0], &c, 1), 1);
    ++calls;
  });
  ASSERT_EQ(::write(p.fds[1], "x", 1), 1);
  loop.RunOnce(TimePoint::max());
  EXPECT_EQ(calls, 1);
  bool fired = false;
  loop.At(Clock::now() + milliseconds(1), [&] { fired = true; });
  auto deadline = Clock::now() + kBound;
  while (!fired && Clock::now() < deadline) loop.RunOnce(TimePoint::max());
  EXPECT_TRUE(fired);
}

TEST(EventLoop, PausedEventsAreNotReported) {
  EventLoop loop;
  Pipe p;
  int calls = 0;
  loop.Watch(p.fds[0], POLLIN, [&](short) { ++calls; });
  loop.SetEvents(p.fds[0], 0);
  ASSERT_EQ(::write(p.fds[1], "x", 1), 1);
  bool timer_fired = false;
  loop.At(Clock::now(), [&] { timer_fired = true; });
  ASSERT_TRUE(loop.RunUntil([&] { return timer_fired; }, Clock::now() + kBound));
  EXPECT_EQ(calls, 0);
  loop.SetEvents(p.fds[0], POLLIN);
  ASSERT_TRUE(loop.RunUntil([&] { return calls > 0; }, Clock::now() + kBound));
  loop.Unwatch(p.fds[0]);
}

// What the rest rule asks before it calls a program at rest: has something come to the
// grader's own sockets that no callback has handled yet? Asked without dispatching it.
TEST(EventLoop, TellsWhetherAWatchedFdIsReadyWithoutCallingBack) {
  EventLoop loop;
  Pipe p;
  int calls = 0;
  loop.Watch(p.fds[0], POLLIN, [&](short) {
    char c;
    ASSERT_EQ(::read(p.fds[0], &c, 1), 1);
    ++calls;
  });
  EXPECT_FALSE(loop.AnyWatchedReady());
  ASSERT_EQ(::write(p.fds[1], "x", 1), 1);
  EXPECT_TRUE(loop.AnyWatchedReady());
  EXPECT_EQ(calls, 0) << "nothing dispatched";
  loop.SetEvents(p.fds[0], 0);
  EXPECT_FALSE(loop.AnyWatchedReady()) << "a paused fd is not asked";
  loop.SetEvents(p.fds[0], POLLIN);
  ASSERT_TRUE(loop.RunUntil([&] { return calls > 0; }, Clock::now() + kBound));
  EXPECT_FALSE(loop.AnyWatchedReady()) << "handled";
  loop.Unwatch(p.fds[0]);
}

// A kernel TCP flow beside the program keeps its descriptors busy: that is nothing coming to
// the program, so the rest rule does not count them; their callbacks run all the same.
TEST(EventLoop, ADescriptorWatchedAsideIsNotCountedAsReadyButIsCalledBack) {
  EventLoop loop;
  Pipe p;
  int calls = 0;
  loop.WatchAside(p.fds[0], POLLIN, [&](short) {
    char c;
    ASSERT_EQ(::read(p.fds[0], &c, 1), 1);
    ++calls;
  });
  ASSERT_EQ(::write(p.fds[1], "x", 1), 1);
  EXPECT_FALSE(loop.AnyWatchedReady()) << "ready, but aside";
  ASSERT_TRUE(loop.RunUntil([&] { return calls > 0; }, Clock::now() + kBound));
  loop.Watch(p.fds[0], POLLIN, [](short) {});
  ASSERT_EQ(::write(p.fds[1], "x", 1), 1);
  EXPECT_TRUE(loop.AnyWatchedReady()) << "watched again, not aside";
  loop.Unwatch(p.fds[0]);
}

TEST(EventLoop, RunUntilReturnsFalseWhenTheDeadlinePassesFirst) {
  EventLoop loop;
  EXPECT_FALSE(loop.RunUntil([] { return false; }, Clock::now()));
  EXPECT_TRUE(loop.RunUntil([] { return true; }, Clock::now() + kBound));
}

}  // namespace
}  // namespace netgrade
