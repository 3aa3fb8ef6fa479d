#include "harness/kinds/icmp/fault_plan.h"

#include <gtest/gtest.h>

#include <vector>

namespace netgrade::icmp {
namespace {

constexpr uint32_t kStudent = 0x0a000002;      // 10.0.0.2
constexpr uint32_t kHop1 = 0x0a000101;         // 10.0.1.1
constexpr uint32_t kHop2 = 0x0a000201;         // 10.0.2.1
constexpr uint32_t kDestination = 0xc0000207;  // 192.0.2.7

icmp::Packet Read(const std::string& bytes) { return *icmp::Parse(bytes); }

icmp::Packet Request(uint16_t id, uint16_t seq, uint8_t ttl = 64) {
  return Read(icmp::Build(kStudent, kDestination, ttl, icmp::kEchoRequest, 0, id, seq, "data"));
}
icmp::Packet Reply(uint16_t id, uint16_t seq) {
  return Read(icmp::Build(kDestination, kStudent, 64, icmp::kEchoReply, 0, id, seq, "data"));
}
// A time exceeded from `hop` quoting the request (id, seq).
icmp::Packet Exceeded(uint32_t hop, uint16_t id, uint16_t seq) {
  std::string quoted =
      icmp::Build(kStudent, kDestination, 1, icmp::kEchoRequest, 0, id, seq, "").substr(0, 28);
  return Read(icmp::Build(hop, kStudent, 64, icmp::kTimeExceeded, 0, 0, 0, quoted));
}

TEST(IcmpPlan, LosesTheRepliesOfTheNthRequestsWhateverTheirByteOrder) {
  IcmpFaults f;
  f.lost = {2};
  IcmpPlan plan(f, {kHop1}, 1);
  for (uint16_t n = 1; n <= 3; ++n) plan.Decide(Request(9, icmp::Swap16(n)), false, n - 1);
  EXPECT_FALSE(plan.Decide(Reply(9, icmp::Swap16(1)), true, 0).drop);
  EXPECT_TRUE(plan.Decide(Reply(9, icmp::Swap16(2)), true, 1).drop);
  EXPECT_FALSE(plan.Decide(Reply(9, icmp::Swap16(3)), true, 2).drop);
  EXPECT_EQ(plan.Answers(Reply(9, icmp::Swap16(3))), 3u);
  EXPECT_EQ(plan.Answers(Reply(10, icmp::Swap16(3))), 0u) << "another identifier: no request";
}

TEST(IcmpPlan, OneNumberForEveryRequestAnswersTheFirstOrWithLatestAnswersTheLatest) {
  for (bool latest : {false, true}) {
    IcmpFaults f;
    f.lost = {2};
    f.latest_answers = latest;
    IcmpPlan plan(f, {kHop1}, 1);
    // The textbook's pinger: sequence 1 every time, each reply before the next request.
    std::vector<WireDecision> replies;
    for (size_t n = 1; n <= 3; ++n) {
      plan.Decide(Request(9, 0x0100), false, n - 1);
      replies.push_back(plan.Decide(Reply(9, 0x0100), true, n - 1));
    }
    if (latest) {
      EXPECT_EQ(replies[1].answers, 2u);
      EXPECT_TRUE(replies[1].drop) << "request 2's reply, by order, is the one lost";
      EXPECT_FALSE(replies[2].drop);
      EXPECT_EQ(replies[2].answers, 3u);
      EXPECT_FALSE(plan.AnswerPasses(2));
      EXPECT_TRUE(plan.AnswerPasses(3));
    } else {
      for (const WireDecision& d : replies) EXPECT_EQ(d.answers, 1u);
      EXPECT_FALSE(replies[1].drop) << "a number sent again is answered as its first request";
    }
  }
}

TEST(IcmpPlan, DelaysAreDrawnFromTheSeedWithinTheirBoundsTheSameEveryRun) {
  IcmpFaults f;
  f.delay_min_ms = 20;
  f.delay_max_ms = 60;
  IcmpPlan a(f, {kHop1}, 42), b(f, {kHop1}, 42), other(f, {kHop1}, 43);
  bool differs = false;
  for (unsigned n = 1; n <= 16; ++n) {
    EXPECT_GE(a.DelayMs(n), 20);
    EXPECT_LE(a.DelayMs(n), 60);
    EXPECT_EQ(a.DelayMs(n), b.DelayMs(n));
    differs = differs || a.DelayMs(n) != other.DelayMs(n);
  }
  EXPECT_TRUE(differs) << "another seed, other delays";
  a.Decide(Request(1, 1), false, 0);
  EXPECT_EQ(a.Decide(Reply(1, 1), true, 0).delay, std::chrono::milliseconds(a.DelayMs(1)));
}

TEST(IcmpPlan, ASilentHopsErrorsAreAllLostAndAnothersPass) {
  IcmpFaults f;
  f.silent_hops = {2};
  IcmpPlan plan(f, {kHop1, kHop2}, 7);
  plan.Decide(Request(5, 1), false, 0);
  EXPECT_FALSE(plan.Decide(Exceeded(kHop1, 5, 1), true, 0).drop);
  EXPECT_TRUE(plan.Decide(Exceeded(kHop2, 5, 1), true, 1).drop);
  EXPECT_TRUE(plan.Decide(Exceeded(kHop2, 5, 1), true, 2).drop);
}

TEST(IcmpPlan, AnErrorAboutALostRequestIsLostByTheRequestItQuotes) {
  IcmpFaults f;
  f.lost = {1};
  IcmpPlan plan(f, {kHop1}, 7);
  plan.Decide(Request(5, 1), false, 0);
  plan.Decide(Request(5, 2), false, 1);
  EXPECT_TRUE(plan.Decide(Exceeded(kHop1, 5, 1), true, 0).drop);
  EXPECT_FALSE(plan.Decide(Exceeded(kHop1, 5, 2), true, 1).drop);
}

TEST(IcmpPlan, AHopsLossIsAPureFunctionOfTheSeed) {
  IcmpFaults f;
  f.hop_loss = {{1, 0.5}};
  auto decisions = [&](uint64_t seed) {
    IcmpPlan plan(f, {kHop1}, seed);
    plan.Decide(Request(5, 1), false, 0);
    std::vector<bool> drops;
    for (size_t k = 0; k < 64; ++k)
      drops.push_back(plan.Decide(Exceeded(kHop1, 5, 1), true, k).drop);
    return drops;
  };
  std::vector<bool> first = decisions(11);
  EXPECT_EQ(first, decisions(11));
  EXPECT_NE(first, decisions(12));
  size_t dropped = static_cast<size_t>(std::count(first.begin(), first.end(), true));
  EXPECT_GT(dropped, 10u);
  EXPECT_LT(dropped, 54u);
}

TEST(IcmpPlan, MarksTheLateTheDoubledAndTheOtherIdentifiersRequests) {
  IcmpFaults f;
  f.late = {1};
  f.duplicated = {2};
  f.other_identifier = {3};
  IcmpPlan plan(f, {kHop1}, 3);
  EXPECT_FALSE(plan.Decide(Request(8, 1), false, 0).answer_other_identifier);
  plan.Decide(Request(8, 2), false, 1);
  EXPECT_TRUE(plan.Decide(Request(8, 3), false, 2).answer_other_identifier);
  EXPECT_TRUE(plan.Decide(Reply(8, 1), true, 0).hold_until_next_request);
  WireDecision two = plan.Decide(Reply(8, 2), true, 1);
  EXPECT_TRUE(two.duplicate);
  EXPECT_FALSE(two.hold_until_next_request);
}

TEST(IcmpPlan, ForeseesWhichRequestsItLetsAnAnswerThroughForFromTheirTtl) {
  IcmpFaults f;
  f.lost = {1};
  f.late = {3};
  f.silent_hops = {2};
  IcmpPlan plan(f, {kHop1, kHop2}, 5);
  plan.Decide(Request(4, 1, 1), false, 0);  // lost
  plan.Decide(Request(4, 2, 1), false, 1);  // router 1 answers
  plan.Decide(Request(4, 3, 1), false, 2);  // late: held until the next request
  plan.Decide(Request(4, 4, 2), false, 3);  // router 2 is silent
  plan.Decide(Request(4, 5, 3), false, 4);  // past the routers: the destination's echo reply
  plan.Decide(Request(4, 2, 3), false, 5);  // sequence 2 again: answered as request 2 was
  EXPECT_FALSE(plan.AnswerPasses(1));
  EXPECT_TRUE(plan.AnswerPasses(2));
  EXPECT_FALSE(plan.AnswerPasses(3));
  EXPECT_FALSE(plan.AnswerPasses(4));
  EXPECT_TRUE(plan.AnswerPasses(5));
  EXPECT_TRUE(plan.AnswerPasses(6));
  EXPECT_FALSE(plan.AnswerPasses(0));
  EXPECT_FALSE(plan.AnswerPasses(7)) << "never sent";
}

TEST(IcmpPlan, AnUnreachableDestinationIsAnsweredByTheLastRouter) {
  IcmpFaults f;
  f.unreachable = true;
  f.silent_hops = {2};
  IcmpPlan silent(f, {kHop1, kHop2}, 5);
  silent.Decide(Request(4, 1, 64), false, 0);
  EXPECT_FALSE(silent.AnswerPasses(1)) << "router 2 answers type 3, and it is silent";
  f.silent_hops = {1};
  IcmpPlan talks(f, {kHop1, kHop2}, 5);
  talks.Decide(Request(4, 1, 64), false, 0);
  EXPECT_TRUE(talks.AnswerPasses(1));
}

// A hop's loss is drawn for the request an error quotes: errors that come in another order
// (two requests' answers crossing) are dropped as the plan foresaw when the requests went by.
TEST(IcmpPlan, AHopsLossIsForeseenForEachRequestWhateverOrderItsErrorsCome) {
  IcmpFaults f;
  f.hop_loss = {{1, 0.5}};
  IcmpPlan plan(f, {kHop1}, 21);
  for (uint16_t s = 1; s <= 64; ++s) plan.Decide(Request(5, s, 1), false, s - 1);
  size_t lost = 0;
  for (uint16_t s = 64; s >= 1; --s) {
    bool drop = plan.Decide(Exceeded(kHop1, 5, s), true, 64u - s).drop;
    EXPECT_EQ(drop, !plan.AnswerPasses(s)) << "request " << s;
    lost += drop ? 1 : 0;
  }
  EXPECT_GT(lost, 10u);
  EXPECT_LT(lost, 54u);
}

}  // namespace
}  // namespace netgrade::icmp
