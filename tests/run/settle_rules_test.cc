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

// RestRule: decided from what each look shows, on the test's clock (no program, no sleep).
observe::ThreadWait Blocked(pid_t tid, const std::string& call, const std::string& fields) {
  observe::ThreadWait w;
  w.pid = 100;
  w.tid = tid;
  w.call = call;
  w.fields = fields;
  w.fds_known = true;
  return w;
}

RestSight Sight(size_t mark, std::vector<observe::ThreadWait> threads, bool in_flight = false) {
  RestSight s;
  s.mark = mark;
  s.in_flight = in_flight;
  s.threads = std::move(threads);
  return s;
}

using Says = RestRule::Says;

TEST(RestRule, BlockedWithNoTimerIsAtRestOnceConfirmedNotAfterAFixedQuiet) {
  ManualClock clock;
  TimePoint deadline = clock.now() + std::chrono::seconds(5);
  RestRule rule(clock.now(), milliseconds(2));
  RestSight s = Sight(1, {Blocked(100, "recvfrom", "45 0x3 0x0")});
  EXPECT_EQ(rule.Look(clock.now(), deadline, s), Says::kConfirm);
  EXPECT_EQ(rule.confirm_at(), clock.now() + milliseconds(2));
  clock.Advance(milliseconds(1));
  EXPECT_EQ(rule.Look(clock.now(), deadline, s), Says::kConfirm) << "too early to confirm";
  clock.Advance(milliseconds(1));
  EXPECT_EQ(rule.Look(clock.now(), deadline, s), Says::kAtRest) << "2 ms, not 300";
  EXPECT_EQ(rule.call(), "recvfrom");
}

TEST(RestRule, AnythingChangingBetweenTheTwoLooksStartsAgain) {
  ManualClock clock;
  TimePoint deadline = clock.now() + std::chrono::seconds(5);
  RestRule rule(clock.now(), milliseconds(2));
  EXPECT_EQ(rule.Look(clock.now(), deadline, Sight(1, {Blocked(100, "recvfrom", "45 0x3")})),
            Says::kConfirm);
  clock.Advance(milliseconds(2));
  // It printed (the mark moved): seen at rest again, to be confirmed again.
  EXPECT_EQ(rule.Look(clock.now(), deadline, Sight(2, {Blocked(100, "recvfrom", "45 0x3")})),
            Says::kConfirm);
  clock.Advance(milliseconds(2));
  // In another call now (it woke and blocked elsewhere, unseen): again.
  EXPECT_EQ(rule.Look(clock.now(), deadline, Sight(2, {Blocked(100, "accept", "43 0x4")})),
            Says::kConfirm);
  clock.Advance(milliseconds(2));
  EXPECT_EQ(rule.Look(clock.now(), deadline, Sight(2, {Blocked(100, "accept", "43 0x4")})),
            Says::kAtRest);
}

TEST(RestRule, NotAtRestWhileSomethingIsInFlightOrAThreadRunsOrIsUnseen) {
  ManualClock clock;
  TimePoint deadline = clock.now() + std::chrono::seconds(5);
  RestRule rule(clock.now(), milliseconds(2));
  for (int i = 0; i < 3; ++i) {
    clock.Advance(milliseconds(10));
    EXPECT_EQ(rule.Look(clock.now(), deadline, Sight(1, {Blocked(100, "recvfrom", "45")}, true)),
              Says::kNo)
        << "input ready where it waits, or a peer's action due";
  }
  observe::ThreadWait running = Blocked(101, "", "");
  observe::ThreadWait unseen = Blocked(101, "", "");
  unseen.unseen = true;
  for (const observe::ThreadWait& other : {running, unseen}) {
    clock.Advance(milliseconds(10));
    EXPECT_EQ(rule.Look(clock.now(), deadline, Sight(1, {Blocked(100, "accept", "43"), other})),
              Says::kNo);
  }
  EXPECT_EQ(rule.Look(clock.now(), deadline, Sight(1, {})), Says::kNo) << "no thread: gone";
}

TEST(RestRule, ATimerDueBeforeTheDeadlineKeepsItAwakeOneAfterItDoesNot) {
  ManualClock clock;
  TimePoint start = clock.now();
  TimePoint deadline = start + std::chrono::seconds(5);
  RestRule rule(start, milliseconds(2));
  observe::ThreadWait soon = Blocked(100, "clock_nanosleep", "230 0x1 0x1 0x7ff0");
  soon.timer_at = start + std::chrono::seconds(1);
  EXPECT_EQ(rule.Look(clock.now(), deadline, Sight(1, {soon})), Says::kNo);
  observe::ThreadWait late = soon;
  late.timer_at = start + std::chrono::seconds(3600);  // time.sleep(3600)
  EXPECT_EQ(rule.Look(clock.now(), deadline, Sight(1, {late})), Says::kConfirm);
  clock.Advance(milliseconds(2));
  EXPECT_EQ(rule.Look(clock.now(), deadline, Sight(1, {late})), Says::kAtRest);
  observe::ThreadWait unknown = Blocked(100, "recvfrom", "45 0x3");
  unknown.timer_unknown = true;  // SO_RCVTIMEO out of sight
  EXPECT_EQ(rule.Look(clock.now(), deadline, Sight(1, {unknown})), Says::kNo);
}

// A timer counted from its call's start (poll's milliseconds) is due, at the earliest, its
// length after the last look that saw the thread elsewhere: never later than it really is.
TEST(RestRule, ARelativeTimerCountsFromTheLastLookThatSawAnotherCall) {
  ManualClock clock;
  TimePoint start = clock.now();
  TimePoint deadline = start + std::chrono::seconds(5);
  RestRule rule(start, milliseconds(2));
  observe::ThreadWait poll = Blocked(100, "poll", "7 0x7ffd 0x1 0xbb8");
  poll.timer_length = std::chrono::seconds(3);
  clock.Advance(std::chrono::seconds(1));
  // First seen 1 s in: it may have begun at the start, so it may wake at 3 s, before 5 s.
  EXPECT_EQ(rule.Look(clock.now(), deadline, Sight(1, {poll})), Says::kNo);
  clock.Advance(std::chrono::seconds(1));
  EXPECT_EQ(rule.Look(clock.now(), deadline, Sight(1, {poll})), Says::kNo)
      << "the same call: it may still have begun at the start";
  // A new call (other fields) seen at 3 s began after the look at 2 s: due at 5 s at the
  // earliest, not before the deadline.
  observe::ThreadWait again = poll;
  again.fields = "7 0x7ffd 0x1 0xbb8 0x1";
  clock.Advance(std::chrono::seconds(1));
  EXPECT_EQ(rule.Look(clock.now(), deadline, Sight(1, {again})), Says::kConfirm);
  // A 20 s timeout (a server's own, longer than the case) is past the deadline from the start.
  RestRule fresh(start, milliseconds(2));
  observe::ThreadWait twenty = Blocked(100, "poll", "7 0x7ffd 0x1 0x4e20");
  twenty.timer_length = std::chrono::seconds(20);
  EXPECT_EQ(fresh.Look(clock.now(), deadline, Sight(1, {twenty})), Says::kConfirm);
}

}  // namespace
}  // namespace netgrade::run
