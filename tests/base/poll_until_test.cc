// PollUntil: a state no event announces is looked at every step until it holds, within its
// bound; one that holds at once costs no wait.
#include "harness/base/poll_until.h"

#include <gtest/gtest.h>

#include <chrono>

namespace netgrade {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

TEST(PollUntil, AStateThatHoldsAtOnceIsLookedAtOnceWithoutWaiting) {
  int looks = 0;
  auto start = steady_clock::now();
  EXPECT_TRUE(PollUntil(
      [&] {
        ++looks;
        return true;
      },
      milliseconds(60'000), milliseconds(60'000)));
  EXPECT_EQ(looks, 1);
  EXPECT_LT(steady_clock::now() - start, milliseconds(1000)) << "no step was waited";
}

TEST(PollUntil, LooksEveryStepUntilTheStateHolds) {
  int looks = 0;
  auto start = steady_clock::now();
  EXPECT_TRUE(PollUntil([&] { return ++looks == 4; }, milliseconds(60'000), milliseconds(5)));
  EXPECT_EQ(looks, 4);
  EXPECT_GE(steady_clock::now() - start, milliseconds(15)) << "three steps between four looks";
}

TEST(PollUntil, GivesUpAtItsBoundAfterALastLook) {
  int looks = 0;
  auto start = steady_clock::now();
  EXPECT_FALSE(PollUntil(
      [&] {
        ++looks;
        return false;
      },
      milliseconds(30), milliseconds(10)));
  EXPECT_GE(steady_clock::now() - start, milliseconds(30));
  EXPECT_LT(steady_clock::now() - start, milliseconds(30'000));
  EXPECT_GE(looks, 2) << "at once, and again once the bound has passed";
}

TEST(PollUntil, AZeroBoundLooksOnce) {
  int looks = 0;
  EXPECT_FALSE(PollUntil(
      [&] {
        ++looks;
        return false;
      },
      milliseconds(0), milliseconds(10)));
  EXPECT_EQ(looks, 1);
}

}  // namespace
}  // namespace netgrade
