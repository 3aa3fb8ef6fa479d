// A case's deadline and its extensions for the machine's load, on a loop whose clock the test
// moves by hand: each round of the loop is a millisecond, and the program's run delay is what
// the test says.
#include "harness/run/case_deadline.h"

#include <gtest/gtest.h>

#include "harness/run/contain.h"

namespace netgrade::run {
namespace {

using std::chrono::milliseconds;

struct ManualRun {
  ManualClock clock;
  EventLoop loop{&clock};
  // Never settled; each look moves the clock on by a millisecond.
  bool Tick() {
    clock.Advance(milliseconds(1));
    return false;
  }
};

TEST(CaseDeadline, SettledBeforeTheDeadlineIsTrueAndMovesNothing) {
  ManualRun r;
  CaseDeadline d(r.clock.now(), milliseconds(100));
  int looks = 0;
  EXPECT_TRUE(
      d.RunUntil(r.loop, [&] { return ++looks == 3; }, [] { return int64_t{1'000'000'000}; }));
  EXPECT_EQ(d.at(), r.clock.now() + milliseconds(100));
  EXPECT_EQ(d.extended(), Clock::duration{});
}

TEST(CaseDeadline, AProgramKeptWaitingForACpuGetsThatTimeMore) {
  ManualRun r;
  TimePoint start = r.clock.now();
  CaseDeadline d(start, milliseconds(100));
  EXPECT_FALSE(d.RunUntil(r.loop, [&] { return r.Tick(); }, [] { return int64_t{50'000'000}; }));
  EXPECT_EQ(d.extended(), milliseconds(50));
  EXPECT_EQ(d.at(), start + milliseconds(150));
  EXPECT_GE(r.clock.now(), d.at()) << "it ran up to the moved deadline";
}

// The case's setup took 3 s (a machine busy making namespaces): the program still has its
// whole 100 ms from its exec, and a start before the deadline's own moves nothing back.
TEST(CaseDeadline, ThePartBeforeTheProgramStartedIsNotItsTime) {
  ManualRun r;
  TimePoint start = r.clock.now();
  CaseDeadline d(start, milliseconds(100));
  d.ProgramStarted(start - milliseconds(10));
  EXPECT_EQ(d.at(), start + milliseconds(100));
  r.clock.Advance(milliseconds(3000));
  d.ProgramStarted(r.clock.now());
  EXPECT_EQ(d.at(), start + milliseconds(3100));
  EXPECT_FALSE(d.RunUntil(r.loop, [&] { return r.Tick(); }, [] { return int64_t{0}; }));
  EXPECT_GE(r.clock.now(), start + milliseconds(3100));
}

TEST(CaseDeadline, TooLittleToCountMovesNothing) {
  ManualRun r;
  CaseDeadline d(r.clock.now(), milliseconds(100));
  auto little = std::chrono::duration_cast<std::chrono::nanoseconds>(kLeastExtension).count() - 1;
  EXPECT_FALSE(d.RunUntil(r.loop, [&] { return r.Tick(); }, [&] { return little; }));
  EXPECT_EQ(d.extended(), Clock::duration{});
}

TEST(CaseDeadline, AStarvedProgramGetsAtMostTwoTimeoutsMore) {
  ManualRun r;
  CaseDeadline d(r.clock.now(), milliseconds(100));
  EXPECT_FALSE(
      d.RunUntil(r.loop, [&] { return r.Tick(); }, [] { return int64_t{10'000'000'000}; }));
  EXPECT_EQ(d.extended(), kMostLoadExtensions * milliseconds(100));
}

// Started again by its script, the program's new processes show only their own wait for a
// CPU: what the first run waited still counts, the sum of both runs.
TEST(CaseDeadline, TheWaitOfARunBeforeARestartCounts) {
  ManualRun r;
  TimePoint start = r.clock.now();
  CaseDeadline d(start, milliseconds(100));
  d.CarryOver(30'000'000);  // the first run, stopped and started again, waited 30 ms
  EXPECT_FALSE(d.RunUntil(r.loop, [&] { return r.Tick(); }, [] { return int64_t{40'000'000}; }));
  EXPECT_EQ(d.extended(), milliseconds(70));
  EXPECT_EQ(d.at(), start + milliseconds(170));
}

// Carried over, a wait too short alone counts with the new run's.
TEST(CaseDeadline, TwoRunsWaitsTooShortAloneAddUp) {
  ManualRun r;
  CaseDeadline d(r.clock.now(), milliseconds(100));
  auto half = std::chrono::duration_cast<std::chrono::nanoseconds>(kLeastExtension).count();
  d.CarryOver(half);
  EXPECT_FALSE(d.RunUntil(r.loop, [&] { return r.Tick(); }, [&] { return half; }));
  EXPECT_EQ(d.extended(), 2 * kLeastExtension);
}

}  // namespace
}  // namespace netgrade::run
