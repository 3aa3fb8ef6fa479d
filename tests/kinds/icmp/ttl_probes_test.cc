// `expect: ttl_probes` on wire records made by hand: a right traceroute passes, and each
// mistake of one is named.
#include "harness/kinds/icmp/ttl_probes.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "harness/kinds/icmp/codes.h"
#include "tests/support/words_golden.h"

namespace netgrade::icmp {

using check::Code;
using check::Finding;
namespace {

using icmp::WireRecord;
using testing_support::ExpectWords;

constexpr uint32_t kStudent = 0x0a000002;      // 10.0.0.2
constexpr uint32_t kDestination = 0xcb007109;  // 203.0.113.9
constexpr uint32_t kRouter1 = 0x0a010001;      // 10.1.0.1
constexpr uint32_t kRouter2 = 0x0a020001;      // 10.2.0.1

class Probes {
 public:
  Probes() = default;
  // Requests go by a plan of two routers with these faults, as on the case's wire.
  explicit Probes(icmp::IcmpFaults faults)
      : plan_(std::make_unique<icmp::IcmpPlan>(std::move(faults),
                                               std::vector<uint32_t>{kRouter1, kRouter2}, 1)) {}

  // An echo request with `ttl`, sequence `seq`, identifier `id`.
  void Send(int ttl, uint16_t seq, uint16_t id = 7, bool bad_checksum = false) {
    WireRecord r;
    r.bytes = icmp::Build(kStudent, kDestination, static_cast<uint8_t>(ttl), icmp::kEchoRequest, 0,
                          id, seq, "12345678");
    if (bad_checksum) r.bytes[22] ^= 0x10;
    r.packet = *icmp::Parse(r.bytes);
    if (plan_) plan_->Decide(r.packet, false, sent_++);
    records_.push_back(r);
  }
  // The answer to the request with `seq` reaching the wire: time exceeded from `hop`, or the
  // destination's echo reply (hop 0).
  void Answer(uint16_t seq, uint32_t hop = 0, uint16_t id = 7) {
    WireRecord r;
    r.to_student = true;
    if (hop == 0) {
      r.bytes = icmp::Build(kDestination, kStudent, 64, icmp::kEchoReply, 0, id, seq, "12345678");
    } else {
      std::string quoted =
          icmp::Build(kStudent, kDestination, 1, icmp::kEchoRequest, 0, id, seq, "").substr(0, 28);
      r.bytes = icmp::Build(hop, kStudent, 64, icmp::kTimeExceeded, 0, 0, 0, quoted);
    }
    r.packet = *icmp::Parse(r.bytes);
    r.fate = plan_ && plan_->Decide(r.packet, true, answered_++).drop ? WireRecord::kDropped
                                                                      : WireRecord::kPassed;
    records_.push_back(r);
  }
  std::vector<WireRecord>& records() { return records_; }
  spec::TtlProbes& expect() { return expect_; }
  Finding Check(int most = 3) {
    expect_.most_per_ttl = most;
    TtlCase c;
    c.expect = &expect_;
    c.records = &records_;
    c.plan = plan_.get();
    c.destination = "203.0.113.9";
    return CheckTtlProbes(c);
  }

 private:
  std::unique_ptr<icmp::IcmpPlan> plan_;
  std::vector<WireRecord> records_;
  spec::TtlProbes expect_;
  size_t sent_ = 0, answered_ = 0;
};

icmp::IcmpFaults Faults(std::set<unsigned> lost, std::set<unsigned> late = {},
                        std::set<size_t> silent = {}) {
  icmp::IcmpFaults f;
  f.lost = std::move(lost);
  f.late = std::move(late);
  f.silent_hops = std::move(silent);
  return f;
}

TEST(TtlProbes, OneTtlAtATimeWithRetriesPasses) {
  Probes p;
  p.Send(1, 1);
  p.Send(2, 2);
  p.Send(2, 3);  // no answer to the first: the same TTL again
  p.Send(2, 4);
  p.Send(3, 5);
  Finding f = p.Check();
  EXPECT_TRUE(f.ok()) << f.Text();
}

TEST(TtlProbes, WithMoreTracesANewTraceAfterTheDestinationsReplyIsNotJudged) {
  const TimePoint t0 = Clock::now();
  auto at = [&](int ms) { return t0 + std::chrono::milliseconds(ms); };
  Probes p;
  for (int ttl = 1; ttl <= 3; ++ttl) {
    p.Send(ttl, static_cast<uint16_t>(ttl));
    p.records().back().seen = at(10 * ttl);
  }
  p.Answer(3);  // the destination's echo reply to TTL 3, as the program gets it
  p.records().back().written = true;
  p.records().back().delivered = at(35);
  // The textbook's next host: TTL 1 again, then 2.
  p.Send(1, 4);
  p.records().back().seen = at(40);
  p.Send(2, 5);
  p.records().back().seen = at(50);
  EXPECT_EQ(p.Check().code, icmp::Codes::kTtlOrder) << "one trace is all the strict lab allows";
  p.expect().more_traces = true;
  Finding f = p.Check();
  EXPECT_TRUE(f.ok()) << f.Text();
  // Going on past the destination is no new trace: TTL 4 after its reply is still judged.
  Probes on;
  on.expect().more_traces = true;
  for (int ttl : {1, 2, 3}) {
    on.Send(ttl, static_cast<uint16_t>(ttl));
    on.records().back().seen = at(10 * ttl);
  }
  on.Answer(3);
  on.records().back().written = true;
  on.records().back().delivered = at(35);
  on.Send(5, 4);
  on.records().back().seen = at(40);
  EXPECT_EQ(on.Check().code, icmp::Codes::kTtlOrder) << on.Check().Text();
}

TEST(TtlProbes, AFirstTtlOtherThanOneOrASkippedTtlIsNamed) {
  Probes from64;
  from64.Send(64, 1);
  Finding f = from64.Check();
  EXPECT_EQ(f.code, icmp::Codes::kTtlOrder);
  ExpectWords(f, "first echo request had TTL");
  Probes skip;
  skip.Send(1, 1);
  skip.Send(3, 2);
  f = skip.Check();
  EXPECT_EQ(f.code, icmp::Codes::kTtlOrder);
  ExpectWords(f, "Echo request 2 had TTL");
}

TEST(TtlProbes, MoreThanThreeRequestsForOneTtl) {
  Probes p;
  for (uint16_t s = 1; s <= 4; ++s) p.Send(1, s);
  Finding f = p.Check(3);
  EXPECT_EQ(f.code, icmp::Codes::kTooManyProbes);
  ExpectWords(f);
}

TEST(TtlProbes, ABadChecksumAndAnotherIdentifierAreNamed) {
  Probes bad;
  bad.Send(1, 1, 7, true);
  Finding f = bad.Check();
  EXPECT_EQ(f.code, Code::kBadChecksum);
  // Routers answer time exceeded whatever the ICMP checksum (the wire shows them doing it):
  // the message must blame the destination, not claim that no hop answers.
  ExpectWords(f);
  EXPECT_EQ(f.Text().find("no hop answers"), std::string::npos) << f.Text();
  Probes ids;
  ids.Send(1, 1, 7);
  ids.Send(2, 2, 8);
  EXPECT_EQ(ids.Check().code, icmp::Codes::kBadEchoRequest);
  // `identifier: any` (the textbook's lab, which does not ask for one per run): passes.
  ids.expect().any_identifier = true;
  Finding any = ids.Check();
  EXPECT_TRUE(any.ok()) << any.Text();
  Probes none;
  EXPECT_EQ(none.Check().code, icmp::Codes::kNoEchoRequest);
}

// Real traceroutes whose get_route() only returns its list, called by nothing: they ran and
// ended, silent, having sent nothing.
TEST(TtlProbes, NoRequestFromAProgramThatEndedQuietlySaysNothingStartsTheTrace) {
  Probes none;
  TtlCase c;
  spec::TtlProbes expect;
  c.expect = &expect;
  c.records = &none.records();
  c.destination = "203.0.113.9";
  c.ended_quietly = true;
  c.program = "traceroute.py";
  Finding f = CheckTtlProbes(c);
  EXPECT_EQ(f.code, icmp::Codes::kNoEchoRequest);
  EXPECT_EQ(f.cause,
            "traceroute.py ended at once (status 0) without sending an echo request or printing "
            "anything: nothing in it starts the trace.");
  c.ended_quietly = false;
  f = CheckTtlProbes(c);
  EXPECT_EQ(f.code, icmp::Codes::kNoEchoRequest);
  ExpectWords(f, "not ended");
}

TEST(TtlProbes, OneTryPerTtlPassesWhereEachTryIsAnswered) {
  Probes p(Faults({}));
  p.Send(1, 1);
  p.Send(2, 2);
  p.Send(3, 3);
  Finding f = p.Check();
  EXPECT_TRUE(f.ok()) << f.Text();
}

TEST(TtlProbes, OnToTheNextTtlAfterOneUnansweredTryIsTooFew) {
  Probes p(Faults({}, {}, {2}));  // router 2 is silent
  p.Send(1, 1);
  p.Answer(1, kRouter1);
  p.Send(2, 2);
  p.Send(3, 3);
  Finding f = p.Check();
  EXPECT_EQ(f.code, icmp::Codes::kTooFewProbes) << f.Text();
  ExpectWords(f);
}

TEST(TtlProbes, TwoLostTriesAreTooFewAndThreeAreEnough) {
  Probes two(Faults({1, 2}));
  two.Send(1, 1);
  two.Send(1, 2);
  two.Send(2, 3);
  Finding f = two.Check();
  EXPECT_EQ(f.code, icmp::Codes::kTooFewProbes) << f.Text();
  ExpectWords(f);
  Probes three(Faults({1, 2, 3}));
  for (uint16_t s = 1; s <= 3; ++s) three.Send(1, s);
  three.Send(2, 4);
  f = three.Check();
  EXPECT_TRUE(f.ok()) << f.Text();
}

TEST(TtlProbes, ALateAnswerIsNoAnswerInTimeButOneAnsweredTryOfSeveralIs) {
  Probes late(Faults({}, {1}));
  late.Send(1, 1);
  late.Send(2, 2);
  EXPECT_EQ(late.Check().code, icmp::Codes::kTooFewProbes);
  Probes second(Faults({1}));  // the first try lost, the second answered
  second.Send(1, 1);
  second.Send(1, 2);
  second.Send(2, 3);
  Finding f = second.Check();
  EXPECT_TRUE(f.ok()) << f.Text();
}

// The case late-answer-from-earlier-hop as a program that takes any answer runs it: TTL 1's
// three tries unanswered in time, then one try of TTL 2, taken as answered by TTL 1's late
// answer. Its verdict is not too_few_probes whichever way the answers cross on the wire (the
// check reads the requests and the plan only): this flipped when it compared the answers'
// times with the requests'.
TEST(TtlProbes, AProgramTakingALateAnswerIsJudgedTheSameWhateverOrderAnswersCome) {
  for (bool answer_before_next : {true, false}) {
    Probes p(Faults({1, 2}, {3}));
    for (uint16_t s = 1; s <= 3; ++s) {
      p.Send(1, s);
      p.Answer(s, kRouter1);
    }
    p.Send(2, 4);
    if (answer_before_next) p.Answer(4, kRouter2);
    p.Send(3, 5);
    if (!answer_before_next) p.Answer(4, kRouter2);
    p.Answer(5);
    Finding f = p.Check();
    EXPECT_TRUE(f.ok()) << (answer_before_next ? "answer first: " : "answer later: ") << f.Text();
  }
}

TEST(TtlProbes, ThePlanAloneDecidesNotTheAnswersOnTheWire) {
  // Router 2 is silent: even with no record of any answer at all, TTL 1's one try was
  // answered (the plan let it through), TTL 2's was not.
  Probes p(Faults({}, {}, {2}));
  p.Send(1, 1);
  p.Send(2, 2);
  p.Send(3, 3);
  Finding f = p.Check();
  EXPECT_EQ(f.code, icmp::Codes::kTooFewProbes);
  ExpectWords(f);
}

}  // namespace
}  // namespace netgrade::icmp
