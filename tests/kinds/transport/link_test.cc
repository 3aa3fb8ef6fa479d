// One direction of an emulated link: rate and trace timing, the drop-tail queue, and the faults
// drawn from the seed or planned by index.
#include "harness/kinds/transport/link.h"

#include <gtest/gtest.h>

#include <set>

namespace netgrade::transport {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// The deliveries' times of `count` packets of `bytes` offered at `now`, each delivered once.
std::vector<Micros> Burst(Link& link, size_t count, size_t bytes, Micros now = Micros(0)) {
  std::vector<Micros> at;
  for (size_t i = 0; i < count; ++i) {
    Fate f = link.Offer(now, bytes);
    EXPECT_EQ(f.kind, Fate::kDelivered) << "packet " << i + 1;
    EXPECT_EQ(f.deliveries.size(), 1u);
    if (!f.deliveries.empty()) at.push_back(f.deliveries[0].at);
  }
  return at;
}

// The offers (1-based) a link with `loss` and `seed` loses among `count`, offered `spacing` apart.
std::set<size_t> Lost(uint64_t seed, double loss, size_t count, Micros spacing) {
  LinkConfig c;
  c.loss = loss;
  c.rate_bps = 1'000'000;
  Link link(c, seed);
  std::set<size_t> lost;
  for (size_t i = 1; i <= count; ++i)
    if (link.Offer(spacing * i, 100).kind == Fate::kLost) lost.insert(i);
  return lost;
}

TEST(LinkRate, AThousand1250BytePacketsTakeTheirBitsOverTheRateExactlyPlusTheDelay) {
  struct {
    uint64_t rate_bps;
    Micros last;
  } cases[] = {
      {1'000'000, seconds(10)}, {10'000'000, seconds(1)}, {100'000'000, milliseconds(100)}};
  for (auto [rate, last] : cases) {
    LinkConfig c;
    c.rate_bps = rate;
    c.delay = milliseconds(20);
    Link link(c, 1);
    std::vector<Micros> at = Burst(link, 1000, 1250);
    ASSERT_EQ(at.size(), 1000u);
    EXPECT_EQ(at.front(), last / 1000 + milliseconds(20)) << rate << " bit/s: the first";
    EXPECT_EQ(at.back(), last + milliseconds(20)) << rate << " bit/s: the last";
  }
}

TEST(LinkRate, ARateThatSplitsMicrosecondsDoesNotDriftOverManyPackets) {
  LinkConfig c;
  c.rate_bps = 7'000'000;  // a 1500-byte packet takes 1714.28... µs
  Link link(c, 1);
  std::vector<Micros> at = Burst(link, 7000, 1500);  // 84 000 000 bits: 12 s
  EXPECT_EQ(at[0], Micros(1715)) << "rounded up to the µs its last bit is in";
  EXPECT_EQ(at.back(), seconds(12));
}

TEST(LinkRate, AnIdleLinkStartsAtTheOfferAndABusyOneWhenThePreviousEnds) {
  LinkConfig c;
  c.rate_bps = 8'000'000;  // 1000 bytes: 1 ms
  Link link(c, 1);
  Fate first = link.Offer(milliseconds(5), 1000);
  Fate second = link.Offer(milliseconds(5) + Micros(400), 1000);
  Fate later = link.Offer(seconds(1), 1000);
  EXPECT_EQ(first.deliveries[0].at, milliseconds(6));
  EXPECT_EQ(first.queued, Micros(0));
  EXPECT_EQ(second.deliveries[0].at, milliseconds(7));
  EXPECT_EQ(second.queued, Micros(600)) << "waited for the first to finish";
  EXPECT_EQ(later.deliveries[0].at, seconds(1) + milliseconds(1)) << "the idle time is not owed";
}

TEST(LinkRate, NoRateAddsOnlyTheDelay) {
  LinkConfig c;
  c.delay = milliseconds(30);
  Link link(c, 1);
  std::vector<Micros> at = Burst(link, 100, 65000, milliseconds(2));
  for (Micros a : at) EXPECT_EQ(a, milliseconds(32));
  EXPECT_EQ(link.queued_packets(milliseconds(2)), 0u);
}

TEST(LinkRate, ARateChangeAtFiveSecondsHalvesTheRateOfTransmissionsStartingAfterIt) {
  LinkConfig c;
  c.rate_bps = 8'000'000;  // 1000 bytes: 1 ms, then 2 ms
  c.changes = {{.at = seconds(5), .rate_bps = 4'000'000}};
  Link link(c, 1);
  EXPECT_EQ(link.Offer(seconds(4), 1000).deliveries[0].at, seconds(4) + milliseconds(1));
  EXPECT_EQ(link.Offer(seconds(5) - Micros(500), 1000).deliveries[0].at, seconds(5) + Micros(500))
      << "started before the change: the old rate to its end";
  EXPECT_EQ(link.Offer(seconds(5) - Micros(400), 1000).deliveries[0].at, seconds(5) + Micros(2500))
      << "started at 5.0005 s, after the change";
  EXPECT_EQ(link.Offer(seconds(6), 1000).deliveries[0].at, seconds(6) + milliseconds(2));
}

TEST(LinkRate, ATransmissionAfterARateChangeNeverStartsBeforeThePreviousEnds) {
  LinkConfig c;
  c.rate_bps = 7'000'000;  // 1500 bytes: 1714.28... µs
  c.changes = {{.at = milliseconds(1), .rate_bps = 8'000'000}};
  Link link(c, 1);
  EXPECT_EQ(link.Offer(Micros(0), 1500).deliveries[0].at, Micros(1715));
  Fate next = link.Offer(Micros(0), 1000);
  EXPECT_EQ(next.queued, Micros(1715));
  EXPECT_EQ(next.deliveries[0].at, Micros(2715)) << "from 1715 µs, 1 ms at the new rate";
}

TEST(LinkRate, DelayAndLossChangesApplyFromTheirTime) {
  LinkConfig c;
  c.delay = milliseconds(10);
  c.changes = {{.at = seconds(1), .delay = milliseconds(50)}, {.at = seconds(2), .loss = 1.0}};
  Link link(c, 1);
  EXPECT_EQ(link.Offer(milliseconds(999), 100).deliveries[0].at, milliseconds(1009));
  EXPECT_EQ(link.Offer(seconds(1), 100).deliveries[0].at, milliseconds(1050));
  EXPECT_EQ(link.Offer(seconds(2) - Micros(1), 100).kind, Fate::kDelivered);
  EXPECT_EQ(link.Offer(seconds(2), 100).kind, Fate::kLost);
}

TEST(LinkQueue, ABoundOfTenPacketsKeepsElevenOfABurstOfTwenty) {
  LinkConfig c;
  c.rate_bps = 8'000'000;  // 1000 bytes: 1 ms
  c.queue_packets = 10;
  Link link(c, 1);
  std::vector<Fate::Kind> kinds;
  for (int i = 0; i < 20; ++i) kinds.push_back(link.Offer(Micros(0), 1000).kind);
  for (int i = 0; i < 11; ++i) EXPECT_EQ(kinds[i], Fate::kDelivered) << i + 1;
  for (int i = 11; i < 20; ++i) EXPECT_EQ(kinds[i], Fate::kQueueFull) << i + 1;
  EXPECT_EQ(link.queued_packets(Micros(0)), 10u);
  EXPECT_EQ(link.queued_bytes(Micros(0)), 10000u);
  EXPECT_EQ(link.queued_packets(Micros(2500)), 8u) << "two have started since";
  EXPECT_EQ(link.queued_bytes(milliseconds(10)), 0u) << "the last began at 10 ms";
  Fate after = link.Offer(Micros(1000), 1000);
  EXPECT_EQ(after.kind, Fate::kDelivered) << "the first began, so one place is free";
  EXPECT_EQ(after.deliveries[0].at, milliseconds(12));
  EXPECT_EQ(link.Offer(Micros(1000), 1000).kind, Fate::kQueueFull);
}

TEST(LinkQueue, ABoundInBytesDropsThePacketThatWouldExceedIt) {
  LinkConfig c;
  c.rate_bps = 8'000'000;
  c.queue_bytes = 10000;
  Link link(c, 1);
  size_t kept = 0;
  for (int i = 0; i < 20; ++i) kept += link.Offer(Micros(0), 1000).kind == Fate::kDelivered;
  EXPECT_EQ(kept, 11u);
  EXPECT_EQ(link.Offer(Micros(0), 1000).kind, Fate::kQueueFull);
  EXPECT_EQ(link.Offer(Micros(1000), 600).kind, Fate::kDelivered) << "1000 bytes freed";
  EXPECT_EQ(link.Offer(Micros(1000), 600).kind, Fate::kQueueFull) << "9600 + 600 > 10000";
  EXPECT_EQ(link.Offer(Micros(1000), 400).kind, Fate::kDelivered) << "9600 + 400 fits";
  EXPECT_EQ(link.queued_bytes(Micros(1000)), 10000u);
}

TEST(LinkQueue, ThePacketBeingTransmittedIsNotCountedAgainstTheBound) {
  LinkConfig c;
  c.rate_bps = 8'000'000;
  c.queue_bytes = 500;
  c.queue_packets = 1;
  Link link(c, 1);
  EXPECT_EQ(link.Offer(Micros(0), 1000).kind, Fate::kDelivered) << "an idle link takes it";
  EXPECT_EQ(link.Offer(Micros(0), 1000).kind, Fate::kQueueFull) << "it would wait: 1000 > 500";
  EXPECT_EQ(link.Offer(Micros(0), 500).kind, Fate::kDelivered);
  EXPECT_EQ(link.Offer(Micros(0), 1).kind, Fate::kQueueFull) << "one packet waits already";
  EXPECT_EQ(link.Offer(milliseconds(2), 1000).kind, Fate::kDelivered) << "idle again";
}

TEST(LinkLoss, TheSameSeedLosesTheSameIndicesWhateverTheOfferTimes) {
  std::set<size_t> a = Lost(7, 0.2, 500, Micros(10));
  std::set<size_t> b = Lost(7, 0.2, 500, milliseconds(37));
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, b);
}

TEST(LinkLoss, AnotherSeedLosesOthers) {
  EXPECT_NE(Lost(7, 0.2, 500, Micros(10)), Lost(8, 0.2, 500, Micros(10)));
}

TEST(LinkLoss, ALossOfATenthLosesBetweenNineAndElevenPercent) {
  for (uint64_t seed : {1, 2, 3}) {
    size_t lost = Lost(seed, 0.1, 10000, Micros(100)).size();
    EXPECT_GE(lost, 900u) << "seed " << seed;
    EXPECT_LE(lost, 1100u) << "seed " << seed;
  }
}

TEST(LinkLoss, PlannedLossesAreTheirIndicesAndTakeNoLinkTime) {
  LinkConfig c;
  c.rate_bps = 8'000'000;
  c.lose = {4, 2};
  Link link(c, 1);
  std::vector<Fate::Kind> kinds;
  std::vector<Micros> at;
  for (int i = 0; i < 5; ++i) {
    Fate f = link.Offer(Micros(0), 1000);
    kinds.push_back(f.kind);
    if (!f.deliveries.empty()) at.push_back(f.deliveries[0].at);
  }
  EXPECT_EQ(kinds, (std::vector<Fate::Kind>{Fate::kDelivered, Fate::kPlannedLoss, Fate::kDelivered,
                                            Fate::kPlannedLoss, Fate::kDelivered}));
  EXPECT_EQ(at, (std::vector<Micros>{milliseconds(1), milliseconds(2), milliseconds(3)}));
  EXPECT_EQ(link.offered(), 5u);
}

TEST(LinkFaults, ADuplicatedPacketIsDeliveredTwice) {
  LinkConfig c;
  c.duplicate_at = {2};
  c.delay = milliseconds(5);
  Link link(c, 1);
  EXPECT_EQ(link.Offer(Micros(0), 100).deliveries.size(), 1u);
  Fate f = link.Offer(Micros(0), 100);
  EXPECT_TRUE(f.duplicated);
  ASSERT_EQ(f.deliveries.size(), 2u);
  EXPECT_EQ(f.deliveries[1].at, milliseconds(5));
  c.duplicate_at.clear();
  c.duplicate = 0.5;
  Link drawn(c, 3);
  size_t doubled = 0;
  for (int i = 0; i < 1000; ++i) doubled += drawn.Offer(Micros(0), 100).deliveries.size() == 2;
  EXPECT_GT(doubled, 400u);
  EXPECT_LT(doubled, 600u);
}

TEST(LinkFaults, ACorruptedPacketNamesABitInsideIt) {
  LinkConfig c;
  c.corrupt = 1;
  Link link(c, 5);
  std::set<size_t> bits;
  for (int i = 0; i < 200; ++i) {
    Fate f = link.Offer(Micros(0), 3);
    ASSERT_TRUE(f.deliveries[0].flipped_bit.has_value());
    EXPECT_LT(*f.deliveries[0].flipped_bit, 24u);
    bits.insert(*f.deliveries[0].flipped_bit);
  }
  EXPECT_GT(bits.size(), 20u) << "the bit is drawn over the whole packet";
  LinkConfig planned;
  planned.corrupt_at = {2};
  Link by_plan(planned, 5);
  EXPECT_FALSE(by_plan.Offer(Micros(0), 100).deliveries[0].flipped_bit.has_value());
  EXPECT_TRUE(by_plan.Offer(Micros(0), 100).deliveries[0].flipped_bit.has_value());
}

TEST(LinkFaults, AReorderedPacketIsOvertakenByTheNext) {
  LinkConfig c;
  c.rate_bps = 8'000'000;
  c.delay = milliseconds(10);
  c.reorder = 1;
  c.reorder_gap = milliseconds(5);
  Link link(c, 1);
  Fate first = link.Offer(Micros(0), 1000);
  EXPECT_TRUE(first.reordered);
  EXPECT_EQ(first.deliveries[0].at, milliseconds(16));
  c.reorder = 0;
  Link in_order(c, 1);
  Fate a = in_order.Offer(Micros(0), 1000), b = in_order.Offer(Micros(0), 1000);
  EXPECT_LT(a.deliveries[0].at, b.deliveries[0].at);
  c.reorder = 0.3;
  Link some(c, 2);
  size_t overtaken = 0;
  Micros held{0};
  for (int i = 0; i < 200; ++i) {
    Fate f = some.Offer(Micros(0), 1000);
    if (f.deliveries[0].at < held) ++overtaken;
    if (f.reordered) held = f.deliveries[0].at;
  }
  EXPECT_GT(overtaken, 20u);
}

TEST(LinkJitter, JitterNeverReordersPackets) {
  LinkConfig c;
  c.rate_bps = 100'000'000;  // 1250 bytes: 100 µs, well under the jitter
  c.delay = milliseconds(20);
  c.jitter = milliseconds(10);
  Link link(c, 9);
  std::vector<Micros> at;
  for (int i = 0; i < 2000; ++i) at.push_back(link.Offer(Micros(i * 50), 1250).deliveries[0].at);
  EXPECT_TRUE(std::is_sorted(at.begin(), at.end()));
}

TEST(LinkJitter, DeliveryStaysWithinTheDelayAndTheDelayPlusTheJitterAfterTransmission) {
  LinkConfig c;
  c.rate_bps = 8'000'000;  // 1000 bytes: 1 ms
  c.delay = milliseconds(20);
  c.jitter = milliseconds(4);
  Link link(c, 9);
  std::set<Micros> extra;
  for (int i = 0; i < 1000; ++i) {
    Micros now = milliseconds(i * 10);
    Micros at = link.Offer(now, 1000).deliveries[0].at;
    EXPECT_GE(at, now + milliseconds(21));
    EXPECT_LE(at, now + milliseconds(25));
    extra.insert(at - now);
  }
  EXPECT_GT(extra.size(), 500u) << "the jitter varies";
  EXPECT_GT(*extra.rbegin() - *extra.begin(), milliseconds(3)) << "over the whole range";
}

TEST(LinkTrace, ATraceOfOneDeliversOne1500BytePacketEachMillisecond) {
  LinkConfig c;
  c.trace_ms = {1};
  c.delay = milliseconds(3);
  Link link(c, 1);
  std::vector<Micros> at = Burst(link, 1000, 1500);
  for (size_t i = 0; i < at.size(); ++i) EXPECT_EQ(at[i], milliseconds(i + 1 + 3)) << i;
  EXPECT_EQ(link.queued_packets(Micros(0)), 1000u) << "every packet waits for an opportunity";
}

TEST(LinkTrace, SmallPacketsShareAnOpportunityAndItsUnusedBytesAreLost) {
  LinkConfig c;
  c.trace_ms = {1};
  Link link(c, 1);
  EXPECT_EQ(link.Offer(Micros(0), 500).deliveries[0].at, milliseconds(1));
  EXPECT_EQ(link.Offer(Micros(0), 1000).deliveries[0].at, milliseconds(1));
  EXPECT_EQ(link.Offer(Micros(0), 100).deliveries[0].at, milliseconds(2));
  Fate late = link.Offer(milliseconds(2), 100);
  EXPECT_EQ(late.deliveries[0].at, milliseconds(3)) << "the 1400 bytes left at 2 ms are gone";
  EXPECT_EQ(late.queued, milliseconds(1));
  EXPECT_EQ(link.Offer(milliseconds(2), 3000).deliveries[0].at, milliseconds(5))
      << "1400 bytes at 3 ms, 1500 at 4 ms, the last 100 at 5 ms";
}

TEST(LinkTrace, TheTraceRepeatsWithItsLastEntryAsThePeriod) {
  LinkConfig c;
  c.trace_ms = {2, 2, 10};
  Link link(c, 1);
  std::vector<Micros> at = Burst(link, 6, 1500);
  EXPECT_EQ(at, (std::vector<Micros>{milliseconds(2), milliseconds(2), milliseconds(10),
                                     milliseconds(12), milliseconds(12), milliseconds(20)}));
  EXPECT_EQ(link.Offer(milliseconds(35), 1).deliveries[0].at, milliseconds(40));
  EXPECT_EQ(link.Offer(milliseconds(40), 1).deliveries[0].at, milliseconds(42));
}

TEST(LinkDraws, TheDrawsAreAPureFunctionOfSeedAndIndex) {
  PacketDraws a = DrawsFor(11, 3), b = DrawsFor(11, 3), c = DrawsFor(11, 4);
  EXPECT_EQ(a.loss, b.loss);
  EXPECT_EQ(a.jitter, b.jitter);
  EXPECT_NE(a.loss, c.loss);
  EXPECT_NE(a.loss, a.duplicate) << "the draws of one offer are independent";
  for (double d : {a.loss, a.duplicate, a.reorder, a.corrupt, a.corrupt_bit, a.jitter}) {
    EXPECT_GE(d, 0.0);
    EXPECT_LT(d, 1.0);
  }
}

}  // namespace
}  // namespace netgrade::transport
