// A sender's goodput from its record (goodput.cc), on a record made by hand: its figures, the
// time the machine made it wait, the deadline for a FIN that could still pass, partial credit.
#include "harness/kinds/transport/goodput.h"

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "harness/kinds/transport/codes.h"
#include "harness/kinds/transport/traffic.h"
#include "tests/kinds/transport/traffic_fixture.h"
#include "tests/support/words_golden.h"

namespace netgrade::transport {
namespace {

using namespace testing_traffic;  // NOLINT
using testing_support::ExpectWords;

TEST(TransportGoodput, AFinishedTransferHasItsGoodputAndALeaderboardFigureWhenAsked) {
  Transfer t(true, 30000, 20);
  ExpectClean(t.expect(), 20);
  t.GoBackN(20);
  t.expect().goodput_at_least = 0.5;
  std::vector<check::Figure> f = Figures(t.evidence(), &t.expect());
  ASSERT_GE(f.size(), 3u);
  EXPECT_EQ(f[0].name, "goodput");
  EXPECT_GT(f[0].value, 0);
  EXPECT_TRUE(f[0].leaderboard);
  EXPECT_EQ(f[1].name, "most in flight");
  EXPECT_EQ(f[1].value, 20);
  EXPECT_FALSE(Figures(t.evidence(), nullptr)[0].leaderboard);
}

TEST(TransportGoodput, TheTimeTheMachineMadeEveryoneWaitForACpuIsNotCounted) {
  Transfer t(true, 30000, 20);
  ExpectClean(t.expect(), 20);
  t.GoBackN(20);
  std::optional<Goodput> quiet =
      GoodputOf(t.evidence(), ReadSender(t.evidence().format, *t.evidence().records));
  ASSERT_TRUE(quiet.has_value());
  // Asked for 30% more than it got: slow.
  t.expect().goodput_at_least = quiet->share * 1.3;
  Finding slow = t.Judge();
  EXPECT_EQ(slow.code, transport::Codes::kSlowTransfer) << slow.Text();
  ExpectWords(slow);  // no time waited for a CPU, and none said
  // The same packets on a machine where the program and netgrade waited 40% of the transfer
  // for a CPU: the rest is fast enough, and the figure says what was not counted.
  const Micros span = t.evidence().fin_taken_at - Micros{0};
  t.evidence().waited_for_cpu = span * 4 / 10;
  Finding loaded = t.Judge();
  EXPECT_TRUE(loaded.ok()) << loaded.Text();
  std::vector<check::Figure> f = Figures(t.evidence(), &t.expect());
  ASSERT_FALSE(f.empty());
  EXPECT_TRUE(Says(f[0].words, "not counting the")) << f[0].words;
  EXPECT_TRUE(Says(f[0].words, "waited for a CPU")) << f[0].words;
  // At most half of the transfer is discounted: a sender at half the asked rate stays slow
  // however busy the machine says it was.
  t.expect().goodput_at_least = quiet->share * 2.5;
  t.evidence().waited_for_cpu = span;
  Finding still = t.Judge();
  EXPECT_EQ(still.code, transport::Codes::kSlowTransfer) << still.Text();
  ExpectWords(still, "waited for a CPU the whole transfer");
}

// The deadline netgrade waits for a FIN is the latest a FIN can come and still pass: a transfer
// that ends there, having waited for a CPU as long as is not counted, gets exactly the share
// asked; a FIN a millisecond later, not.
TEST(TransportGoodput, TheGoodputDeadlineIsTheLatestFinThatCanStillPass) {
  Transfer t(true, 30000, 20);
  const double asked = 0.5;
  std::optional<Micros> deadline = GoodputDeadline(t.evidence(), asked);
  ASSERT_TRUE(deadline.has_value());
  // 30000 bytes at half of 20 x 1000 bytes per 100 ms round trip (1.6 Mbit/s): 0.3 s, doubled.
  EXPECT_NEAR(deadline->count() / 1e6, 2 * 30000 * 8 / (asked * AllowedBps(t.evidence())), 1e-6);
  ExpectClean(t.expect(), 20);
  t.Data(0, 0);
  t.AckTo(1, 50);
  t.Delivered(deadline->count() / 1000.0);
  t.evidence().waited_for_cpu = *deadline;  // the machine stalled everyone the whole time
  SenderFlight s = ReadSender(t.evidence().format, *t.evidence().records);
  std::optional<Goodput> g = GoodputOf(t.evidence(), s);
  ASSERT_TRUE(g.has_value());
  EXPECT_NEAR(g->share, asked, 1e-4);
  t.Delivered(deadline->count() / 1000.0 + 1);
  EXPECT_LT(GoodputOf(t.evidence(), s)->share, asked);
}

// Partial credit: a passing sender gets the points of the highest goodput tier it reaches,
// and the sentence says which tier and what the next one asks; at the top, all the points.
TEST(TransportGoodput, AGoodputTierBelowTheTopGivesItsPointsAndSaysWhatTheNextAsks) {
  Transfer t(true, 30000, 20);
  ExpectClean(t.expect(), 20);
  t.GoBackN(20);
  const double share =
      GoodputOf(t.evidence(), ReadSender(t.evidence().format, *t.evidence().records))->share;
  t.expect().goodput_tiers = {{share / 2, 1, {}}, {share * 0.9, 2, {}}, {share * 1.5, 3, {}}};
  std::optional<check::PartialCredit> p = TierPoints(t.obs());
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->points, 2);
  EXPECT_TRUE(Says(p->words, "2 of 3 points: a goodput of")) << p->words;
  EXPECT_TRUE(Says(p->words, fmt::format("{:g}% gets 3", 150 * share))) << p->words;
  t.expect().goodput_tiers = {{share / 2, 1, {}}, {share * 0.9, 2, {}}};
  EXPECT_FALSE(TierPoints(t.obs()).has_value()) << "the top tier: every point";
  t.expect().goodput_tiers.clear();
  EXPECT_FALSE(TierPoints(t.obs()).has_value()) << "no tiers";
}

// Partial credit by a formula: the points in proportion to how far the goodput went from the
// pass mark to full_at, rounded down, at least 1; from full_at on, all of them.
TEST(TransportGoodput, GoodputFullAtGivesPointsInProportionFromThePassMark) {
  Transfer t(true, 30000, 20);
  ExpectClean(t.expect(), 20);
  t.GoBackN(20);
  const double share =
      GoodputOf(t.evidence(), ReadSender(t.evidence().format, *t.evidence().records))->share;
  t.test().points = 10;
  t.expect().goodput_at_least = share / 2;
  t.expect().goodput_full_at = share * 1.5;  // it went half the way: 5 of 10
  std::optional<check::PartialCredit> p = TierPoints(t.obs());
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->points, 5);
  EXPECT_TRUE(Says(p->words, "5 of 10 points: a goodput of")) << p->words;
  EXPECT_TRUE(Says(p->words, "is 50% of the way from the pass mark")) << p->words;
  EXPECT_TRUE(Says(p->words, "which gets all 10")) << p->words;
  t.expect().goodput_at_least = share * 0.999;  // just past the pass mark: still 1 point
  EXPECT_EQ(TierPoints(t.obs())->points, 1);
  t.expect().goodput_full_at = share;  // at full_at: every point
  EXPECT_FALSE(TierPoints(t.obs()).has_value());
}

}  // namespace
}  // namespace netgrade::transport
