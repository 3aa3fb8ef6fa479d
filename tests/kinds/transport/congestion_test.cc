// What a sender that chooses its own window did with it (kinds/transport/congestion.h), read
// from records made by hand: one shape of window per mistake the congestion-control lab names,
// and the checks that judge them (congestion_checks.cc).
#include "harness/kinds/transport/congestion.h"

#include <gtest/gtest.h>

#include "harness/kinds/transport/traffic.h"
#include "tests/kinds/transport/traffic_fixture.h"

namespace netgrade::transport {
namespace {

using namespace testing_traffic;  // NOLINT
using Shape = WindowReading::Shape;

// Reno's sawtooth: from `low`, one more a round up to `high`, a loss there, half again.
std::vector<size_t> Sawtooth(size_t low, size_t high, size_t teeth, std::vector<size_t>* lossy) {
  std::vector<size_t> w;
  for (size_t t = 0; t < teeth; ++t)
    for (size_t v = low; v <= high; ++v) {
      if (v == high) lossy->push_back(w.size());
      w.push_back(v);
    }
  return w;
}

TEST(CongestionWindow, AWindowHalvedOnEachLossReacts) {
  std::vector<size_t> lossy;
  const std::vector<size_t> w = Sawtooth(10, 20, 4, &lossy);
  WindowReading r = ReadWindow(kF, Rounds(w, lossy), Ms(kRound), Ms(kRound));
  EXPECT_EQ(r.shape, Shape::kReacts);
  EXPECT_EQ(r.events, 4u);
  EXPECT_GE(r.reacted, 3u);
}

TEST(CongestionWindow, TheSameWindowWhateverIsLostIsFixed) {
  const std::vector<size_t> w(40, 20);
  WindowReading r = ReadWindow(kF, Rounds(w, {5, 15, 25}), Ms(kRound), Ms(kRound));
  EXPECT_EQ(r.shape, Shape::kFixed);
  EXPECT_EQ(r.before, 20u);
  EXPECT_EQ(r.after, 20u);
  EXPECT_EQ(r.losses, 3u);
}

TEST(CongestionWindow, AWindowThatGoesOnGrowingPastItsLossesIsUnbounded) {
  std::vector<size_t> w;
  for (size_t v = 10; v < 50; ++v) w.push_back(v);
  WindowReading r = ReadWindow(kF, Rounds(w, {10, 20, 30}), Ms(kRound), Ms(kRound));
  EXPECT_EQ(r.shape, Shape::kUnbounded);
  EXPECT_EQ(r.most, 49u);
}

TEST(CongestionWindow, DoublingAfterEachLossIsSlowStartForGood) {
  // 32 lost at, 16 after, then 32 again the next round trip.
  std::vector<size_t> w, lossy;
  for (size_t t = 0; t < 4; ++t) {
    for (size_t v : {16, 16, 32, 64}) w.push_back(v);
    lossy.push_back(w.size() - 1);
  }
  WindowReading r = ReadWindow(kF, Rounds(w, lossy), Ms(kRound), Ms(kRound));
  EXPECT_EQ(r.shape, Shape::kDoubles);
  EXPECT_GE(r.grew_to * 10, r.grew_from * 17);
}

// A sender that repairs one hole a round trip (NewReno) holds its halved window until the
// repair is over: in a transfer cut short, one loss it doubled after and one it never grew
// after are slow start for good (the platform's CI at 16f4eaf: the doubling after the third
// loss came after the case's end, and the sender was told only that it was slow).
TEST(CongestionWindow, OneDoublingBesideLossesItNeverGrewAfterIsSlowStartForGood) {
  std::vector<size_t> w{8, 16, 32, 16, 16, 32, 64};
  for (int k = 0; k < 10; ++k) w.push_back(32);
  WindowReading r = ReadWindow(kF, Rounds(w, {2, 6}), Ms(kRound), Ms(kRound));
  EXPECT_EQ(r.judged, 2u);
  EXPECT_EQ(r.shape, Shape::kDoubles);
  EXPECT_EQ(r.grew_from, 16u);
  EXPECT_EQ(r.grew_to, 32u);
}

// The round trip before the doubling sent fewer new packets (a repair ended in it, or the
// round trips' edges cut it): the window doubled from the one before, past half of what it lost
// at (the platform's CI at 26aab80 and 3 busy loops here: 99, 85, 198 after losing at 198, told
// only that it was slow, 1 run in 6).
TEST(CongestionWindow, ADoublingAfterAShortRoundTripIsStillSlowStartForGood) {
  std::vector<size_t> w{8, 16, 32, 16, 16, 13, 32};
  for (int k = 0; k < 10; ++k) w.push_back(16);
  WindowReading r = ReadWindow(kF, Rounds(w, {2, 6}, kRound / 2), Ms(kRound), Ms(kRound));
  EXPECT_EQ(r.judged, 2u);
  EXPECT_EQ(r.shape, Shape::kDoubles);
  EXPECT_EQ(r.grew_from, 16u);
  EXPECT_EQ(r.grew_to, 32u);
}

// The same, but the window grows by one a round trip after the second loss: one doubling is
// not enough to name a sender that grows as Reno does elsewhere.
TEST(CongestionWindow, OneDoublingBesideALossItGrewSlowlyAfterReacts) {
  std::vector<size_t> w{8, 16, 32, 16, 16, 32, 64};
  for (size_t v = 32; v < 42; ++v) w.push_back(v);
  WindowReading r = ReadWindow(kF, Rounds(w, {2, 6}), Ms(kRound), Ms(kRound));
  EXPECT_EQ(r.judged, 2u);
  EXPECT_EQ(r.shape, Shape::kReacts);
}

TEST(CongestionWindow, AWindowThatFallsToAQuarterAndStaysCollapses) {
  std::vector<size_t> w, lossy;
  for (size_t t = 0; t < 3; ++t) {
    w.push_back(32);
    lossy.push_back(w.size() - 1);
    for (size_t v : {2, 2, 2, 2, 3, 3, 3}) w.push_back(v);
  }
  WindowReading r = ReadWindow(kF, Rounds(w, lossy), Ms(kRound), Ms(kRound));
  EXPECT_EQ(r.shape, Shape::kCollapse);
  EXPECT_EQ(r.before, 32u);
}

TEST(CongestionWindow, OneLossSaysNothing) {
  const std::vector<size_t> w(20, 20);
  EXPECT_EQ(ReadWindow(kF, Rounds(w, {5}), Ms(kRound), Ms(kRound)).shape, Shape::kUnknown);
}

TEST(CongestionQueue, TheMeanWaitCountsOnlyPacketsSentFromTheTimeAsked) {
  std::vector<PacketRecord> rec = Rounds(std::vector<size_t>(4, 5), {});
  for (PacketRecord& r : rec)
    if (r.from_student) r.queued = r.seen < Ms(200) ? Ms(10) : Ms(90);
  std::optional<QueueReading> all = ReadQueue(kF, rec, Micros{0});
  std::optional<QueueReading> late = ReadQueue(kF, rec, Ms(200));
  ASSERT_TRUE(all && late);
  EXPECT_EQ(all->mean, Ms(50));
  EXPECT_EQ(late->mean, Ms(90));
  EXPECT_EQ(late->packets, 10u);
  EXPECT_FALSE(ReadQueue(kF, rec, Ms(1000)));
}

TEST(CongestionResends, APacketSentAgainWhileItsAckIsOnTheWayIsSpurious) {
  std::vector<PacketRecord> rec;
  rec.push_back(Datagram(true, Packet(kF.type_data, 0, "x"), 0, 50));
  rec.push_back(Datagram(false, Packet(kF.type_ack, 1), 50, 120));  // a slow ACK
  rec.push_back(Datagram(true, Packet(kF.type_data, 0, "x"), 60, 110));
  // And a resend after a real loss: its copy before never arrived.
  rec.push_back(Datagram(true, Packet(kF.type_data, 1, "x"), 130, -1));
  rec.push_back(Datagram(true, Packet(kF.type_data, 1, "x"), 400, 450));
  rec.push_back(Datagram(false, Packet(kF.type_ack, 2), 450, 500));
  std::stable_sort(rec.begin(), rec.end(),
                   [](const PacketRecord& a, const PacketRecord& b) { return a.seen < b.seen; });
  SpuriousReading s = ReadSpurious(kF, rec);
  EXPECT_EQ(s.resends, 2u);
  EXPECT_EQ(s.spurious, 1u);
  EXPECT_EQ(s.seq, 0u);
  EXPECT_EQ(s.gap, Ms(60));
  EXPECT_EQ(s.round_trip, Ms(120));
}

// Packet 0 sent at 0 and again at each of `resends` ms, nothing acknowledged.
std::vector<PacketRecord> Timeouts(const std::vector<double>& resends) {
  std::vector<PacketRecord> rec;
  rec.push_back(Datagram(true, Packet(kF.type_data, 0, "x"), 0, -1));
  for (double t : resends) rec.push_back(Datagram(true, Packet(kF.type_data, 0, "x"), t, -1));
  return rec;
}

TEST(CongestionBackoff, ATimeoutThatDoublesBacksOff) {
  BackoffReading b = ReadBackoff(kF, Timeouts({300, 700, 1500, 3100}));
  EXPECT_TRUE(b.judged);
  EXPECT_TRUE(b.backs_off);
}

TEST(CongestionBackoff, ATimeoutAtTheSamePaceDoesNotBackOff) {
  BackoffReading b = ReadBackoff(kF, Timeouts({250, 500, 750, 1000}));
  EXPECT_TRUE(b.judged);
  EXPECT_FALSE(b.backs_off);
  EXPECT_EQ(b.gaps.size(), 4u);
  EXPECT_EQ(b.gaps[2], Ms(250));
}

TEST(CongestionBackoff, TwoResendsAreTooFewToJudge) {
  EXPECT_FALSE(ReadBackoff(kF, Timeouts({250, 500})).judged);
}

TEST(CongestionBackoff, AGapOfASecondOrMoreIsBackedOffEnough) {
  EXPECT_TRUE(ReadBackoff(kF, Timeouts({300, 700, 1700, 2700, 3700})).backs_off);
}

}  // namespace
}  // namespace netgrade::transport
