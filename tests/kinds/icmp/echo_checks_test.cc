// `expect: echo_requests` on wire records made by hand: each mistake of a pinger named, and a
// right run passing.
#include "harness/kinds/icmp/echo_checks.h"

#include <gtest/gtest.h>

#include <set>

#include "harness/kinds/icmp/free_form.h"

namespace netgrade::icmp {

using check::Code;
using check::Finding;
namespace {

using icmp::WireRecord;

constexpr uint32_t kStudent = 0x0a000002;      // 10.0.0.2
constexpr uint32_t kDestination = 0xcb007109;  // 203.0.113.9

// A run's wire, written request by request; the plan delays every reply by 20 ms.
class Wire {
 public:
  explicit Wire(icmp::IcmpFaults faults = Delay20()) : plan_(faults, {0x0a010101}, 1) {}

  static icmp::IcmpFaults Delay20() {
    icmp::IcmpFaults f;
    f.delay_min_ms = f.delay_max_ms = 20;
    return f;
  }
  TimePoint At(double ms) const {
    return t0_ + std::chrono::duration_cast<Clock::duration>(
                     std::chrono::duration<double, std::milli>(ms));
  }
  // An echo request seen at `ms`; its checksum spoilt when asked.
  void Request(double ms, uint16_t id, uint16_t seq, bool bad_checksum = false) {
    WireRecord r;
    r.seen = r.delivered = At(ms);
    r.bytes = icmp::Build(kStudent, kDestination, 64, icmp::kEchoRequest, 0, id, seq, "12345678");
    if (bad_checksum) std::swap(r.bytes[22], r.bytes[23]);
    r.packet = *icmp::Parse(r.bytes);
    plan_.Decide(r.packet, false, 0);
    records_.push_back(r);
  }
  // A reply seen at `ms` and written to the student at `delivered_ms`.
  WireRecord& Reply(double ms, double delivered_ms, uint16_t id, uint16_t seq,
                    WireRecord::Fate fate = WireRecord::kPassed) {
    WireRecord r;
    r.to_student = true;
    r.fate = fate;
    r.seen = At(ms);
    r.delivered = At(delivered_ms);
    r.written = fate != WireRecord::kDropped;
    r.bytes = icmp::Build(kDestination, kStudent, 63, icmp::kEchoReply, 0, id, seq, "12345678");
    r.packet = *icmp::Parse(r.bytes);
    r.answers = plan_.Decide(r.packet, true, 0).answers;  // as the wire asks its plan
    records_.push_back(r);
    return records_.back();
  }
  Finding Check(const std::string& out, int count = 4, bool round_trips = true,
                double program_waited_ms = 0, const std::string& at_rest_in = "",
                uint64_t own_echoes = 0) {
    expect_.count = count;
    expect_.round_trips = round_trips;
    IcmpCase c;
    c.expect = &expect_;
    c.records = &records_;
    c.plan = &plan_;
    c.destination = "203.0.113.9";
    c.stdout_text = out;
    c.program_waited_ms = program_waited_ms;
    c.at_rest_in = at_rest_in;
    c.own_echoes = own_echoes;
    return CheckEchoRequests(c);
  }
  std::vector<WireRecord>& records() { return records_; }
  // The expectation's other keys (free_form, any_sequence, keeps_pinging, pause_ms); Check
  // sets count and round_trips.
  spec::EchoRequests& expect() { return expect_; }

 private:
  TimePoint t0_ = Clock::now();
  std::vector<WireRecord> records_;
  icmp::IcmpPlan plan_;
  spec::EchoRequests expect_;
};

// Four requests answered after 20 ms each, one after the other's reply; seq in `order`.
void GoodRun(Wire* w, bool swapped = true) {
  for (uint16_t n = 1; n <= 4; ++n) {
    double at = (n - 1) * 30.0;
    uint16_t seq = swapped ? icmp::Swap16(n) : n;
    w->Request(at, 0x4242, seq);
    w->Reply(at + 0.1, at + 20.1, 0x4242, seq);
  }
}
const char* kGoodOut =
    "seq=1 time=20.3 ms\nseq=2 time=20.2 ms\nseq=3 time=20.4 ms\n"
    "seq=4 time=20.3 ms\n4 sent, 4 received, 0% loss\n";

TEST(IcmpChecks, ARightRunPassesInEitherByteOrder) {
  Wire w;
  GoodRun(&w);
  Finding f = w.Check(kGoodOut);
  EXPECT_TRUE(f.ok()) << f.Text();
  Wire net;
  GoodRun(&net, false);
  EXPECT_TRUE(net.Check(kGoodOut).ok());
}

TEST(IcmpChecks, NoRequestSaysWhatToSendWhere) {
  Wire w;
  Finding f = w.Check("");
  EXPECT_EQ(f.code, Code::kNoEchoRequest);
  EXPECT_NE(f.Text().find("sent no ICMP echo request to 203.0.113.9"), std::string::npos);
}

TEST(IcmpChecks, ABadChecksumIsNamedWithItsBytesAndItsMistake) {
  Wire w;
  w.Request(0, 0x4242, 0x0100, true);
  Finding f = w.Check("seq=1 timeout\n", 1);
  EXPECT_EQ(f.code, Code::kBadChecksum);
  EXPECT_NE(f.Text().find("Echo request 1 carries the checksum"), std::string::npos) << f.Text();
  EXPECT_NE(f.Text().find("its two bytes are swapped"), std::string::npos) << f.Text();
  // Routers forward it (they check the IP header only): the destination is who drops it.
  EXPECT_NE(f.Text().find("The destination drops a request whose checksum is wrong"),
            std::string::npos)
      << f.Text();
  EXPECT_EQ(f.Text().find("A router drops"), std::string::npos) << f.Text();
}

TEST(IcmpChecks, AllAtOnceIsSeenOnTheWire) {
  Wire w;
  for (uint16_t n = 1; n <= 4; ++n) w.Request(n * 0.1, 0x4242, n);
  for (uint16_t n = 1; n <= 4; ++n) w.Reply(1 + n, 21 + n, 0x4242, n);
  Finding f = w.Check(kGoodOut);
  EXPECT_EQ(f.code, Code::kAllAtOnce);
  EXPECT_NE(f.Text().find("sent echo request 2 0.1 ms after echo request 1"), std::string::npos)
      << f.Text();
}

TEST(IcmpChecks, ALostReplyAllowsTheNextRequestAfterTheTimeoutOnly) {
  Wire ok;
  ok.Request(0, 1, 1);
  ok.Request(1000, 1, 2);  // its reply lost: 1 s later is right
  ok.Reply(1001, 1021, 1, 2);
  EXPECT_TRUE(ok.Check("", 2, false).ok());
  Wire slow;
  slow.Request(0, 1, 1);
  slow.Request(3000, 1, 2);
  Finding f = slow.Check("", 2, false);
  EXPECT_EQ(f.code, Code::kSlowAfterTimeout);
  EXPECT_NE(f.Text().find("waited 3.0 s"), std::string::npos) << f.Text();
}

TEST(IcmpChecks, SequenceNumbersOutOfPlaceOrInAMixedOrder) {
  Wire mixed;
  mixed.Request(0, 1, 0x0100);
  mixed.Reply(1, 21, 1, 0x0100);
  mixed.Request(30, 1, 2);
  Finding f = mixed.Check("", 2, false);
  EXPECT_EQ(f.code, Code::kWrongSequence);
  EXPECT_NE(f.Text().find("mixed byte order"), std::string::npos) << f.Text();
  Wire skipped;
  skipped.Request(0, 1, 1);
  skipped.Reply(1, 21, 1, 1);
  skipped.Request(30, 1, 3);
  f = skipped.Check("", 2, false);
  EXPECT_EQ(f.code, Code::kWrongSequence);
  EXPECT_NE(f.Text().find("Echo request 2 carries the sequence number 3"), std::string::npos);
  EXPECT_NE(f.Text().find("request 2's is 2"), std::string::npos) << f.Text();
}

// The textbook's skeleton packs a constant sequence number: the cause named is that it never
// changes, not where it first differs from its place ("request 2 carries 256").
TEST(IcmpChecks, ASequenceNumberThatNeverChangesIsNamedSo) {
  Wire w;
  for (int n = 0; n < 4; ++n) {
    w.Request(n * 30.0, 7, 0x0100);
    w.Reply(n * 30.0 + 1, n * 30.0 + 21, 7, 0x0100);
  }
  Finding f = w.Check("", 4, false);
  EXPECT_EQ(f.code, Code::kWrongSequence);
  EXPECT_NE(f.Text().find("All 4 echo requests carry the same sequence number, 256 (bytes 01 00): "
                          "it never changes"),
            std::string::npos)
      << f.Text();
  EXPECT_EQ(f.Text().find("th request"), std::string::npos) << f.Text();
}

TEST(IcmpChecks, OneIdentifierForTheRunAndTheCountOfRequests) {
  Wire w;
  w.Request(0, 1, 1);
  w.Reply(1, 21, 1, 1);
  w.Request(30, 2, 2);
  EXPECT_EQ(w.Check("", 2, false).code, Code::kBadEchoRequest);
  Wire few;
  few.Request(0, 1, 1);
  few.Reply(1, 21, 1, 1);
  Finding f = few.Check("", 4, false);
  EXPECT_EQ(f.code, Code::kRequestCount);
  EXPECT_NE(f.Text().find("sent 1 echo request;"), std::string::npos) << f.Text();
}

// The reply to request 2 lost, and the program seen at rest in recvfrom() with no timeout: it
// would wait forever, and that is the cause, not the count. Not at rest (a timeout of its
// own that had not yet expired, or it exited), or after a reply that came: the count.
TEST(IcmpChecks, AProgramAtRestAfterALostReplyWaitsWithNoTimeout) {
  icmp::IcmpFaults lose_second = Wire::Delay20();
  lose_second.lost = {2};
  Wire w(lose_second);
  w.Request(0, 7, 1);
  w.Reply(1, 21, 7, 1);
  w.Request(30, 7, 2);
  w.Reply(31, 31, 7, 2, WireRecord::kDropped);
  Finding f = w.Check("seq=1 time=20.0 ms\n", 4, false, 0, "recvfrom");
  EXPECT_EQ(f.code, Code::kNoReplyTimeout) << f.Text();
  EXPECT_NE(f.cause.find("waited in recvfrom() for the reply to request 2 with no timeout"),
            std::string::npos)
      << f.cause;
  EXPECT_NE(f.fix.find("settimeout(1)"), std::string::npos) << f.fix;
  EXPECT_EQ(w.Check("seq=1 time=20.0 ms\n", 4, false).code, Code::kRequestCount);

  Wire answered;  // every reply passes: at rest, but not for a lost reply
  answered.Request(0, 7, 1);
  answered.Reply(1, 21, 7, 1);
  EXPECT_EQ(answered.Check("", 4, false, 0, "recvfrom").code, Code::kRequestCount);
}

// A flood loses requests in the kernel's queues before the wire (the 3rd seen may be the 5th
// sent): it is named a flood, never a sequence number out of place or a timing, so its
// diagnosis does not depend on which requests the kernel dropped.
TEST(IcmpChecks, AFloodIsNamedWhicheverRequestsTheKernelDropped) {
  for (uint16_t gap_at : {3, 40}) {
    Wire w;
    uint16_t seq = 0;
    for (size_t n = 1; n <= kFloodRequests; ++n) {
      if (++seq == gap_at) seq += 2;  // two requests dropped before the wire saw them
      w.Request(static_cast<double>(n) * 0.01, 0x4242, seq);
    }
    Finding f = w.Check("", 4, true);
    EXPECT_EQ(f.code, Code::kRequestCount) << f.Text();
    EXPECT_NE(f.Text().find("Your program sent at least 100 echo requests, where this case gave "
                            "it COUNT 4: that is a flood. Send exactly COUNT requests, one at a "
                            "time"),
              std::string::npos)
        << f.Text();
  }
  // Five requests of four at once is no flood: the first thing wrong stays the timing.
  Wire five;
  for (uint16_t n = 1; n <= 5; ++n) five.Request(n * 0.1, 0x4242, n);
  EXPECT_EQ(five.Check("", 4, false).code, Code::kAllAtOnce);
  // Nor is a count of many: 150 requests where COUNT is 100.
  Wire many;
  for (uint16_t n = 1; n <= 150; ++n) many.Request(n * 0.1, 0x4242, n);
  EXPECT_EQ(many.Check("", 100, false).code, Code::kAllAtOnce);
}

TEST(IcmpChecks, AnotherPingsReplyTakenForItsOwn) {
  Wire w;
  w.Request(0, 0x4242, 1);
  w.Reply(0.05, 0.05, 0x4242 ^ 0x5555, 1, WireRecord::kMade);
  w.Reply(0.1, 20.1, 0x4242, 1);
  w.Request(0.2, 0x4242, 2);  // it went on before its own reply came
  w.Reply(0.3, 20.3, 0x4242, 2);
  Finding f = w.Check("seq=1 time=0.1 ms\nseq=2 time=20.1 ms\n", 2);
  EXPECT_EQ(f.code, Code::kOtherReplyTaken);
  EXPECT_NE(f.Text().find("what it took for that reply was the reply to another ping running "
                          "on the same host"),
            std::string::npos)
      << f.Text();
}

TEST(IcmpChecks, ATimeBelowTheDelayOfAProgramThatWaitedForItsReplyIsNoMeasurement) {
  Wire w;
  GoodRun(&w);
  w.Reply(0.05, 0.05, 0x4242 ^ 0x5555, icmp::Swap16(1), WireRecord::kMade);
  Finding f = w.Check("seq=1 time=0.0 ms\n");
  EXPECT_EQ(f.code, Code::kWrongRoundTrip) << "it sent request 2 after its own reply: it waited";
  EXPECT_NE(f.Text().find("A time in seconds would print so"), std::string::npos) << f.Text();
}

TEST(IcmpChecks, ALateReplyTakenForTheNextRequests) {
  Wire w;
  w.Request(0, 1, 1);
  w.Reply(1, 21, 1, 1);
  w.Request(30, 1, 2);
  WireRecord& late = w.Reply(31, 1030.1, 1, 2);  // held, then let go as request 3 goes on
  late.held = true;
  w.Request(1030, 1, 3);
  w.Reply(1031, 1051, 1, 3);
  w.Request(1030.3, 1, 4);  // right after the late reply: it took it for request 3's
  w.Reply(1031, 1051, 1, 4);
  Finding f = w.Check("seq=1 time=20.5 ms\nseq=2 timeout\nseq=3 time=0.0 ms\n", 4);
  EXPECT_EQ(f.code, Code::kOtherReplyTaken);
  EXPECT_NE(f.Text().find("the late reply to echo request 2"), std::string::npos) << f.Text();
}

TEST(IcmpChecks, AReplyComingTwiceTakenForTheNextRequests) {
  Wire w;
  w.Request(0, 1, 1);
  w.Reply(1, 21, 1, 1).duplicated = true;
  w.Request(30, 1, 2);  // right after the first copy; the second is read as request 2's reply
  w.Reply(31, 51, 1, 2);
  w.Request(30.2, 1, 3);
  w.Reply(31, 71, 1, 3);
  Finding f = w.Check("seq=1 time=20.5 ms\nseq=2 time=0.1 ms\n", 3);
  EXPECT_EQ(f.code, Code::kOtherReplyTaken);
  EXPECT_NE(f.Text().find("the second copy of the reply to echo request 1"), std::string::npos)
      << f.Text();
}

TEST(IcmpChecks, ARoundTripInSecondsOrFarTooLongIsNoMeasurement) {
  Wire seconds;
  GoodRun(&seconds);
  Finding f = seconds.Check("seq=1 time=0.0203 ms\n");
  EXPECT_EQ(f.code, Code::kWrongRoundTrip);
  EXPECT_NE(f.Text().find("It looks like seconds"), std::string::npos) << f.Text();
  Wire long_one;
  GoodRun(&long_one);
  f = long_one.Check("seq=2 time=500.0 ms\n");
  EXPECT_EQ(f.code, Code::kWrongRoundTrip);
  EXPECT_NE(f.Text().find("reached it 20.1 ms after the request left"), std::string::npos)
      << f.Text();
}

// A program kept waiting for a CPU reads its clocks late: a time it measured may be longer
// than the wire's by as much, and its timeout too. The bounds grow by it, and only by it.
TEST(IcmpChecks, TheUpperBoundsGrowByTheTimeTheProgramWaitedForACpu) {
  Wire w;
  GoodRun(&w);
  EXPECT_EQ(w.Check("seq=2 time=220.0 ms\n").code, Code::kWrongRoundTrip);
  EXPECT_TRUE(w.Check("seq=2 time=220.0 ms\n", 4, true, 150).ok());
  Finding f = w.Check("seq=2 time=320.0 ms\n", 4, true, 150);
  EXPECT_EQ(f.code, Code::kWrongRoundTrip);
  EXPECT_NE(f.Text().find("(more than 250 ms over is not a measurement)"), std::string::npos)
      << f.Text();
  Wire slow;
  slow.Request(0, 1, 1);
  slow.Request(2500, 1, 2);
  EXPECT_EQ(slow.Check("", 2, false).code, Code::kSlowAfterTimeout);
  EXPECT_TRUE(slow.Check("", 2, false, 600).ok());
  EXPECT_EQ(slow.Check("", 2, false, 400).code, Code::kSlowAfterTimeout);
}

TEST(IcmpChecks, APrintedTimeForALostReplyIsNamed) {
  Wire w;
  w.Request(0, 1, 1);
  w.Request(1000, 1, 2);
  w.Reply(1001, 1021, 1, 2);
  Finding f = w.Check("seq=1 time=3.0 ms\n", 2);
  EXPECT_EQ(f.code, Code::kOtherReplyTaken);
  EXPECT_NE(f.Text().find("the reply to echo request 1 never came"), std::string::npos) << f.Text();
}

}  // namespace
}  // namespace netgrade::icmp

namespace netgrade::icmp {
namespace {

// The textbook's pinger: sequence 1 on every request, 1 s of sleep after each answer, its own
// lines; four requests judged, a fifth that ended the case.
Wire Textbook(std::set<unsigned> lost = {}) {
  icmp::IcmpFaults f = Wire::Delay20();
  f.latest_answers = true;
  f.lost = lost;
  Wire w(f);
  w.expect().any_sequence = w.expect().keeps_pinging = w.expect().free_form = true;
  w.expect().pause_ms = 1000;
  double at = 0;
  for (unsigned n = 1; n <= 5; ++n) {
    w.Request(at, 0x4242, 0x0100);
    if (lost.count(n) == 0) w.Reply(at + 0.1, at + 20.1, 0x4242, 0x0100);
    at += lost.count(n) ? 2100 : 1020;  // 1 s of timeout, 1 s of sleep
  }
  return w;
}

TEST(TextbookPinger, AConstantSequenceAndAFifthRequestPassWithTheTimesInSeconds) {
  Wire w = Textbook();
  Finding f =
      w.Check("Pinging 203.0.113.9 using Python:\n\n0.0203\n0.0202\n0.0204\n0.0203\n", 4, true);
  EXPECT_TRUE(f.ok()) << f.Text();
  // Without `sequence: any` the same wire is the constant sequence's mistake.
  w.expect().any_sequence = false;
  EXPECT_EQ(w.Check("0.0203\n0.0202\n0.0204\n0.0203\n", 4, true).code, Code::kWrongSequence);
}

TEST(TextbookPinger, ALostReplyIsTheSecondRequestsByOrderThoughEveryNumberIsTheSame) {
  Wire w = Textbook({2});
  EXPECT_TRUE(w.Check("0.0203\nRequest timed out.\n0.0204\n21.1 ms\n", 4, true).ok());
  // A time printed for the lost one is not a time the wire allowed.
  Finding f = w.Check("0.0203\n0.0202\n0.0204\n0.0203\n", 4, true);
  EXPECT_EQ(f.code, Code::kOtherReplyTaken) << f.Text();
  EXPECT_NE(f.Text().find("line about echo request 2 is '0.0202', but the reply to that request "
                          "never came"),
            std::string::npos)
      << f.Text();
}

TEST(TextbookPinger, TheSleepAfterATimeoutIsThePauseAllowedAndNoMore) {
  Wire w = Textbook({2});
  w.expect().pause_ms = 0;
  Finding f = w.Check("0.0203\nRequest timed out.\n0.0204\n0.0203\n", 4, true);
  EXPECT_EQ(f.code, Code::kSlowAfterTimeout) << f.Text();
}

TEST(TextbookPinger, ATimeNoUnitCanReadIsWrongAndATimeoutWhenTheReplyCameIsWrong) {
  Wire w = Textbook();
  Finding f = w.Check("0.0203\n0.0202\n7\n0.0203\n", 4, true);
  EXPECT_EQ(f.code, Code::kWrongRoundTrip) << f.Text();
  EXPECT_NE(f.Text().find("line about echo request 3 is '7', but the grader held that reply "
                          "back 20 ms on the way: it cannot have taken less"),
            std::string::npos)
      << f.Text();
  f = w.Check("0.0203\n0.0202\n900\n0.0203\n", 4, true);
  EXPECT_EQ(f.code, Code::kWrongRoundTrip) << f.Text();
  EXPECT_NE(f.Text().find("more than 100 ms over, in milliseconds or in seconds"),
            std::string::npos)
      << f.Text();
  f = w.Check("0.0203\nRequest timed out.\n0.0204\n0.0203\n", 4, true);
  EXPECT_EQ(f.code, Code::kWrongRoundTrip) << f.Text();
  EXPECT_NE(f.Text().find("line about echo request 2 is 'Request timed out.', but its reply "
                          "reached it"),
            std::string::npos)
      << f.Text();
}

TEST(TextbookPinger, FewerLinesThanRequestsJudgedIsSaid) {
  Wire w = Textbook();
  Finding f = w.Check("Pinging 203.0.113.9 using Python:\n0.0203\n0.0202\n", 4, true);
  EXPECT_EQ(f.code, Code::kWrongRoundTrip);
  EXPECT_NE(f.Text().find("sent 4 echo requests but printed 2 lines"), std::string::npos)
      << f.Text();
}

TEST(TextbookPinger, OneThatStopsBeforeCountIsToldToKeepPinging) {
  icmp::IcmpFaults faults = Wire::Delay20();
  Wire w(faults);
  w.expect().keeps_pinging = w.expect().any_sequence = true;
  w.Request(0, 0x4242, 0x0100);
  w.Reply(0.1, 20.1, 0x4242, 0x0100);
  w.Request(1020, 0x4242, 0x0100);
  w.Reply(1020.1, 1040.1, 0x4242, 0x0100);
  Finding f = w.Check("", 4, false);
  EXPECT_EQ(f.code, Code::kRequestCount);
  EXPECT_NE(f.Text().find("sent 2 echo requests and no more; this case judges its first 4"),
            std::string::npos)
      << f.Text();
}

}  // namespace
}  // namespace netgrade::icmp

namespace netgrade::icmp {
namespace {

TEST(OwnHost, APingerOfItsOwnComputerIsToldSoBeforeAnythingElse) {
  Wire none;
  Finding f = none.Check("Pinging 127.0.0.1 using Python:\n0.0001\n", 4, true, 0, "", 4);
  EXPECT_EQ(f.code, Code::kNoEchoRequest);
  EXPECT_NE(f.Text().find("Your program pinged its own computer (127.0.0.1, localhost, or its own "
                          "address): its own kernel answered at once"),
            std::string::npos)
      << f.Text();
  EXPECT_NE(f.Text().find("No echo request reached the case's network."), std::string::npos);
  // One that pinged itself first and the destination after: the same cause leads.
  Wire some;
  GoodRun(&some);
  f = some.Check(kGoodOut, 4, true, 0, "", 1);
  EXPECT_NE(f.Text().find("pinged its own computer"), std::string::npos) << f.Text();
  EXPECT_NE(f.Text().find("4 other echo requests did."), std::string::npos) << f.Text();
  EXPECT_TRUE(some.Check(kGoodOut).ok()) << "none of its own: nothing said";
}

}  // namespace
}  // namespace netgrade::icmp

namespace netgrade::icmp {
namespace {

TEST(HostileOutput, HugeNumbersAndEndlessDigitsNeitherThrowNorOverflowTheStack) {
  const std::string digits(1 << 20, '7');  // a megabyte on one line, as a hostile pinger prints
  Wire w;
  GoodRun(&w);
  Finding f = w.Check("seq=99999999999999999999 time=1e999 ms\nseq=1 time=" + digits + " ms\n" +
                      digits + "\n");
  // A sequence number past every request is not about one; a line's head alone is read, and
  // that head shows no 'ms': neither line says a round trip, and nothing was thrown.
  EXPECT_TRUE(f.ok()) << f.Text();
  Wire t = Textbook();
  f = t.Check("1e999\n" + digits + "\n0.0203\n0.0203\n", 4, true);
  EXPECT_EQ(f.code, Code::kWrongRoundTrip) << f.Text();
  EXPECT_EQ(FreeFormLines(digits + "\n" + digits, 1).size(), 1u) << "at most the lines asked for";
}

}  // namespace
}  // namespace netgrade::icmp
