#include "harness/base/thresholds.h"

#include <gtest/gtest.h>

namespace netgrade {
namespace {

using std::chrono::milliseconds;

TEST(Thresholds, AMultiplierOfTwoDoublesEachOne) {
  Thresholds d;
  Thresholds s = d.Scaled(2.0);
  EXPECT_EQ(s.stall_after_drop, milliseconds(3000));
  EXPECT_EQ(s.patience, 2 * d.patience);
  EXPECT_EQ(s.linger, 2 * d.linger);
  EXPECT_EQ(s.slice_wait_bound, 2 * d.slice_wait_bound);
  EXPECT_EQ(s.hold_bound, 2 * d.hold_bound);
  EXPECT_EQ(s.exit_grace, 2 * d.exit_grace);
  EXPECT_EQ(s.unterminated_wait, 2 * d.unterminated_wait);
  EXPECT_EQ(s.rest_for, 2 * d.rest_for);
  EXPECT_EQ(s.spin_cpu, 2 * d.spin_cpu);
  EXPECT_EQ(s.stop_grace, 2 * d.stop_grace);
}

TEST(Thresholds, TheDefaultsAreTheDocumentedOnes) {
  Thresholds d;
  EXPECT_EQ(d.stall_after_drop, milliseconds(1500));  // the judge's "1.5 s" at multiplier 1
  EXPECT_EQ(d.patience, milliseconds(300));
  EXPECT_EQ(d.linger, milliseconds(250));
  EXPECT_EQ(d.slice_wait_bound, milliseconds(200));
  EXPECT_EQ(d.hold_bound, milliseconds(200));
  EXPECT_EQ(d.exit_grace, milliseconds(300));
  EXPECT_EQ(d.unterminated_wait, milliseconds(200));
  EXPECT_EQ(d.rest_for, milliseconds(300));
  EXPECT_EQ(d.spin_cpu, milliseconds(200));
  EXPECT_EQ(d.stop_grace, milliseconds(500));
}

TEST(Thresholds, AFractionalMultiplierRoundsToTheMillisecond) {
  Thresholds s = Thresholds{}.Scaled(1.25);
  EXPECT_EQ(s.stall_after_drop, milliseconds(1875));
  EXPECT_EQ(s.linger, milliseconds(313));  // 312.5 rounds away from zero
}

TEST(Thresholds, TheyKeepTheMultiplierTheyWereScaledBy) {
  EXPECT_EQ(Thresholds{}.multiplier, 1.0);
  EXPECT_EQ(Thresholds{}.Scaled(1.5).multiplier, 1.5);
  EXPECT_EQ(Thresholds{}.Scaled(2).Scaled(1.5).multiplier, 3.0);
}

}  // namespace
}  // namespace netgrade
