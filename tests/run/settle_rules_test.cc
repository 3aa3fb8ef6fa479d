// The timing rules that settle a case early, on a ManualClock: no test here sleeps.
#include "harness/run/settle_rules.h"

#include <gtest/gtest.h>

namespace netgrade::run {
namespace {

using std::chrono::milliseconds;

auto Yes() {
  return [] { return true; };
}

TEST(QuietFor, HoldsOnceTheConditionHeldForItsDurationWithNothingHappening) {
  ManualClock clock;
  QuietFor rest(milliseconds(300));
  EXPECT_FALSE(rest.Look(clock.now(), 7, Yes()));  // a new mark: the count starts next look
  EXPECT_FALSE(rest.Look(clock.now(), 7, Yes()));  // the count starts here
  clock.Advance(milliseconds(299));
  EXPECT_FALSE(rest.Look(clock.now(), 7, Yes()));
  clock.Advance(milliseconds(1));
  EXPECT_TRUE(rest.Look(clock.now(), 7, Yes()));
}

TEST(QuietFor, SomethingHappeningStartsTheCountAgain) {
  ManualClock clock;
  QuietFor rest(milliseconds(300));
  rest.Look(clock.now(), 1, Yes());
  rest.Look(clock.now(), 1, Yes());
  clock.Advance(milliseconds(250));
  EXPECT_FALSE(rest.Look(clock.now(), 2, Yes()));  // it printed: not at rest for 300 ms
  EXPECT_FALSE(rest.since());
  clock.Advance(milliseconds(100));
  EXPECT_FALSE(rest.Look(clock.now(), 2, Yes()));
  clock.Advance(milliseconds(299));
  EXPECT_FALSE(rest.Look(clock.now(), 2, Yes()));
  clock.Advance(milliseconds(1));
  EXPECT_TRUE(rest.Look(clock.now(), 2, Yes()));
}

TEST(QuietFor, TheConditionFailingOnceStartsTheCountAgain) {
  ManualClock clock;
  QuietFor rest(milliseconds(300));
  rest.Look(clock.now(), 1, Yes());
  rest.Look(clock.now(), 1, Yes());
  clock.Advance(milliseconds(200));
  EXPECT_FALSE(rest.Look(clock.now(), 1, [] { return false; }));  // it woke up
  clock.Advance(milliseconds(200));
  EXPECT_FALSE(rest.Look(clock.now(), 1, Yes()));  // at rest again: 0 ms so far
  clock.Advance(milliseconds(299));
  EXPECT_FALSE(rest.Look(clock.now(), 1, Yes()));
  clock.Advance(milliseconds(1));
  EXPECT_TRUE(rest.Look(clock.now(), 1, Yes()));
}

TEST(QuietFor, TheConditionIsNotAskedWhenSomethingHappened) {
  ManualClock clock;
  QuietFor rest(milliseconds(300));
  int asked = 0;
  auto count = [&] { return ++asked > 0; };
  rest.Look(clock.now(), 1, count);
  rest.Look(clock.now(), 2, count);
  EXPECT_EQ(asked, 0);
  rest.Look(clock.now(), 2, count);
  EXPECT_EQ(asked, 1);
}

TEST(QuietFor, RunsOnTheLoopsClockSoItsTimersFireWithoutWaiting) {
  // What the case runner does: look again on a timer of the loop, whose clock a test moves.
  ManualClock clock;
  EventLoop loop(&clock);
  QuietFor rest(milliseconds(300));
  bool settled = false;
  std::function<void()> look = [&] {
    settled = rest.Look(loop.Now(), 1, Yes());
    if (!settled) loop.Look(loop.Now() + milliseconds(50), look);
  };
  look();
  auto real_start = Clock::now();
  for (int round = 0; round < 20 && !settled; ++round) {
    clock.Advance(milliseconds(50));
    loop.RunOnce(loop.Now());
  }
  EXPECT_TRUE(settled);
  // 300 ms by the loop's clock took no such time: poll() never waited.
  EXPECT_LT(Clock::now() - real_start, milliseconds(100));
}

TEST(CpuSpentSince, SpinningIsCpuTimeSpentNotTimePassed) {
  CpuSpentSince spin(milliseconds(200));
  EXPECT_FALSE(spin.Look(1'000'000'000, 5));  // the count starts at 1 s of CPU
  EXPECT_FALSE(spin.Look(1'199'000'000, 5));
  EXPECT_TRUE(spin.Look(1'200'000'000, 5));
}

TEST(CpuSpentSince, ActivityOrAResetStartsTheCountAgain) {
  CpuSpentSince spin(milliseconds(200));
  spin.Look(0, 1);
  EXPECT_FALSE(spin.Look(150'000'000, 2));  // it printed: counted from here
  EXPECT_FALSE(spin.Look(300'000'000, 2));
  EXPECT_TRUE(spin.Look(350'000'000, 2));
  spin.Reset();
  EXPECT_FALSE(spin.Look(400'000'000, 2));
  EXPECT_TRUE(spin.Look(600'000'000, 2));
}

TEST(NothingLeftButExit, EveryConditionIsNeeded) {
  AfterInput all{true, false, false, true};
  EXPECT_TRUE(NothingLeftButExit(all));
  AfterInput a = all;
  a.stdin_closed = false;  // it may still be reading its input
  EXPECT_FALSE(NothingLeftButExit(a));
  a = all;
  a.actions_pending = true;  // the peer still has something to send
  EXPECT_FALSE(NothingLeftButExit(a));
  a = all;
  a.input_pending = true;  // an answer waits unread on its socket
  EXPECT_FALSE(NothingLeftButExit(a));
  a = all;
  a.passes_if_it_exited = false;  // an answer is missing: that is its failure, not the exit
  EXPECT_FALSE(NothingLeftButExit(a));
}

}  // namespace
}  // namespace netgrade::run
