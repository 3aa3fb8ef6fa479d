#include "harness/plan/fault_plan.h"

#include <fmt/core.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace netgrade::plan {
namespace {

TEST(FaultPlan, DropsExactlyTheIndicesItNames) {
  spec::DirectionFaults f;
  f.drop = {1, 4};
  for (int i = 1; i <= 6; ++i)
    EXPECT_EQ(Decide(f, 7, Direction::kToStudent, i).drop, i == 1 || i == 4) << i;
}

TEST(FaultPlan, IsAPureFunctionOfTheSeed) {
  spec::DirectionFaults f;
  f.drop_rate = 0.3;
  f.jitter_ms = 40;
  for (int i = 1; i <= 200; ++i) {
    Decision a = Decide(f, 42, Direction::kFromStudent, i),
             b = Decide(f, 42, Direction::kFromStudent, i);
    EXPECT_EQ(a.drop, b.drop);
    EXPECT_EQ(a.delay_ms, b.delay_ms);
  }
  int differ = 0;
  for (int i = 1; i <= 200; ++i)
    differ += Decide(f, 42, Direction::kFromStudent, i).drop !=
              Decide(f, 43, Direction::kFromStudent, i).drop;
  EXPECT_GT(differ, 20) << "another seed drops other datagrams";
}

TEST(FaultPlan, ARateLandsNearItsValueAndDirectionsAreIndependent) {
  spec::DirectionFaults f;
  f.drop_rate = 0.3;
  int dropped = 0, same = 0;
  for (int i = 1; i <= 10000; ++i) {
    bool up = Decide(f, 9, Direction::kToStudent, i).drop;
    dropped += up;
    same += up == Decide(f, 9, Direction::kFromStudent, i).drop;
  }
  EXPECT_NEAR(dropped / 10000.0, 0.3, 0.02);
  EXPECT_LT(same, 9000);
}

TEST(FaultPlan, DuplicatesHoldsAndDelaysWithJitterInRange) {
  spec::DirectionFaults f;
  f.duplicate = {3};
  f.hold = {2};
  f.delay_ms = 50;
  f.jitter_ms = 10;
  EXPECT_EQ(Decide(f, 1, Direction::kToStudent, 3).copies, 2);
  EXPECT_EQ(Decide(f, 1, Direction::kToStudent, 1).copies, 1);
  EXPECT_TRUE(Decide(f, 1, Direction::kToStudent, 2).hold);
  for (int i = 1; i < 100; ++i) {
    int d = Decide(f, 1, Direction::kToStudent, i).delay_ms;
    EXPECT_GE(d, 50);
    EXPECT_LE(d, 60);
  }
}

TEST(FaultPlan, MakesLateOnlyTheDatagramsItNames) {
  spec::DirectionFaults f;
  f.late = {5};
  EXPECT_TRUE(Decide(f, 1, Direction::kToStudent, 5).late);
  EXPECT_FALSE(Decide(f, 1, Direction::kToStudent, 5).hold) << "late is not the bounded hold";
  EXPECT_FALSE(Decide(f, 1, Direction::kToStudent, 4).late);
  EXPECT_FALSE(Decide(f, 1, Direction::kToStudent, 6).late);
  EXPECT_EQ(Describe(f), "holds back #5 until the other side sends again");
}

TEST(FaultPlan, DescribesItselfForPeople) {
  spec::DirectionFaults f;
  f.drop = {1, 4};
  f.drop_rate = 0.3;
  f.duplicate = {3};
  EXPECT_EQ(Describe(f), "drops #1 and #4, drops 30% of the others, duplicates #3");
  EXPECT_EQ(Describe(spec::DirectionFaults{}), "");
}

TEST(FaultPlan, DescribesJitterAsTheRangeDecideDraws) {
  spec::DirectionFaults f;
  f.delay_ms = 20;
  f.jitter_ms = 10;
  int low = 1000, high = 0;
  for (int i = 1; i <= 1000; ++i) {
    int d = Decide(f, 5, Direction::kToStudent, i).delay_ms;
    low = std::min(low, d);
    high = std::max(high, d);
  }
  EXPECT_EQ(Describe(f), fmt::format("delays {} to {} ms (seeded)", low, high));
}

}  // namespace
}  // namespace netgrade::plan
