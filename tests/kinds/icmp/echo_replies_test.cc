// `expect: echo_requests`, what a pinger took for each reply (kinds/icmp/echo_replies.cc): one
// request at a time, and the round trips it printed against the wire's, on wire records made
// by hand.
#include <gtest/gtest.h>

#include "harness/kinds/icmp/codes.h"
#include "harness/kinds/icmp/echo_checks.h"
#include "tests/kinds/icmp/echo_wire.h"
#include "tests/support/words_golden.h"

namespace netgrade::icmp {
namespace {

using check::Code;
using check::Finding;
using namespace echo_test;
using testing_support::ExpectWords;

TEST(IcmpChecks, AllAtOnceIsSeenOnTheWire) {
  Wire w;
  for (uint16_t n = 1; n <= 4; ++n) w.Request(n * 0.1, 0x4242, n);
  for (uint16_t n = 1; n <= 4; ++n) w.Reply(1 + n, 21 + n, 0x4242, n);
  Finding f = w.Check(kGoodOut);
  EXPECT_EQ(f.code, icmp::Codes::kAllAtOnce);
  ExpectWords(f);
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
  EXPECT_EQ(f.code, icmp::Codes::kSlowAfterTimeout);
  ExpectWords(f);
}

TEST(IcmpChecks, AnotherPingsReplyTakenForItsOwn) {
  Wire w;
  w.Request(0, 0x4242, 1);
  w.Reply(0.05, 0.05, 0x4242 ^ 0x5555, 1, WireRecord::kMade);
  w.Reply(0.1, 20.1, 0x4242, 1);
  w.Request(0.2, 0x4242, 2);  // it went on before its own reply came
  w.Reply(0.3, 20.3, 0x4242, 2);
  Finding f = w.Check("seq=1 time=0.1 ms\nseq=2 time=20.1 ms\n", 2);
  EXPECT_EQ(f.code, icmp::Codes::kOtherReplyTaken);
  ExpectWords(f);
}

TEST(IcmpChecks, ATimeBelowTheDelayOfAProgramThatWaitedForItsReplyIsNoMeasurement) {
  Wire w;
  GoodRun(&w);
  w.Reply(0.05, 0.05, 0x4242 ^ 0x5555, icmp::Swap16(1), WireRecord::kMade);
  Finding f = w.Check("seq=1 time=0.0 ms\n");
  EXPECT_EQ(f.code, icmp::Codes::kWrongRoundTrip)
      << "it sent request 2 after its own reply: it waited";
  ExpectWords(f);
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
  EXPECT_EQ(f.code, icmp::Codes::kOtherReplyTaken);
  ExpectWords(f);
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
  EXPECT_EQ(f.code, icmp::Codes::kOtherReplyTaken);
  ExpectWords(f);
}

TEST(IcmpChecks, ARoundTripInSecondsOrFarTooLongIsNoMeasurement) {
  Wire seconds;
  GoodRun(&seconds);
  Finding f = seconds.Check("seq=1 time=0.0203 ms\n");
  EXPECT_EQ(f.code, icmp::Codes::kWrongRoundTrip);
  ExpectWords(f, "It looks like seconds");
  Wire long_one;
  GoodRun(&long_one);
  f = long_one.Check("seq=2 time=500.0 ms\n");
  EXPECT_EQ(f.code, icmp::Codes::kWrongRoundTrip);
  ExpectWords(f, "reached it 20.1 ms after");
}

// A program kept waiting for a CPU reads its clocks late: a time it measured may be longer
// than the wire's by as much, and its timeout too. The bounds grow by it, and only by it.
TEST(IcmpChecks, TheUpperBoundsGrowByTheTimeTheProgramWaitedForACpu) {
  Wire w;
  GoodRun(&w);
  EXPECT_EQ(w.Check("seq=2 time=220.0 ms\n").code, icmp::Codes::kWrongRoundTrip);
  EXPECT_TRUE(w.Check("seq=2 time=220.0 ms\n", 4, true, 150).ok());
  Finding f = w.Check("seq=2 time=320.0 ms\n", 4, true, 150);
  EXPECT_EQ(f.code, icmp::Codes::kWrongRoundTrip);
  ExpectWords(f);
  Wire slow;
  slow.Request(0, 1, 1);
  slow.Request(2500, 1, 2);
  EXPECT_EQ(slow.Check("", 2, false).code, icmp::Codes::kSlowAfterTimeout);
  EXPECT_TRUE(slow.Check("", 2, false, 600).ok());
  EXPECT_EQ(slow.Check("", 2, false, 400).code, icmp::Codes::kSlowAfterTimeout);
}

TEST(IcmpChecks, APrintedTimeForALostReplyIsNamed) {
  Wire w;
  w.Request(0, 1, 1);
  w.Request(1000, 1, 2);
  w.Reply(1001, 1021, 1, 2);
  Finding f = w.Check("seq=1 time=3.0 ms\n", 2);
  EXPECT_EQ(f.code, icmp::Codes::kOtherReplyTaken);
  ExpectWords(f);
}

TEST(TextbookPinger, AConstantSequenceAndAFifthRequestPassWithTheTimesInSeconds) {
  Wire w = Textbook();
  Finding f =
      w.Check("Pinging 203.0.113.9 using Python:\n\n0.0203\n0.0202\n0.0204\n0.0203\n", 4, true);
  EXPECT_TRUE(f.ok()) << f.Text();
  // Without `sequence: any` the same wire is the constant sequence's mistake.
  w.expect().any_sequence = false;
  EXPECT_EQ(w.Check("0.0203\n0.0202\n0.0204\n0.0203\n", 4, true).code, icmp::Codes::kWrongSequence);
}

TEST(TextbookPinger, ALostReplyIsTheSecondRequestsByOrderThoughEveryNumberIsTheSame) {
  Wire w = Textbook({2});
  EXPECT_TRUE(w.Check("0.0203\nRequest timed out.\n0.0204\n21.1 ms\n", 4, true).ok());
  // A time printed for the lost one is not a time the wire allowed.
  Finding f = w.Check("0.0203\n0.0202\n0.0204\n0.0203\n", 4, true);
  EXPECT_EQ(f.code, icmp::Codes::kOtherReplyTaken) << f.Text();
  ExpectWords(f);
}

TEST(TextbookPinger, TheSleepAfterATimeoutIsThePauseAllowedAndNoMore) {
  Wire w = Textbook({2});
  w.expect().pause_ms = 0;
  Finding f = w.Check("0.0203\nRequest timed out.\n0.0204\n0.0203\n", 4, true);
  EXPECT_EQ(f.code, icmp::Codes::kSlowAfterTimeout) << f.Text();
}

TEST(TextbookPinger, ATimeNoUnitCanReadIsWrongAndATimeoutWhenTheReplyCameIsWrong) {
  Wire w = Textbook();
  Finding f = w.Check("0.0203\n0.0202\n7\n0.0203\n", 4, true);
  EXPECT_EQ(f.code, icmp::Codes::kWrongRoundTrip) << f.Text();
  ExpectWords(f, "line about echo request 3");
  f = w.Check("0.0203\n0.0202\n900\n0.0203\n", 4, true);
  EXPECT_EQ(f.code, icmp::Codes::kWrongRoundTrip) << f.Text();
  ExpectWords(f, "more than 100 ms over");
  f = w.Check("0.0203\nRequest timed out.\n0.0204\n0.0203\n", 4, true);
  EXPECT_EQ(f.code, icmp::Codes::kWrongRoundTrip) << f.Text();
  ExpectWords(f, "line about echo request 2");
}

TEST(TextbookPinger, FewerLinesThanRequestsJudgedIsSaid) {
  Wire w = Textbook();
  Finding f = w.Check("Pinging 203.0.113.9 using Python:\n0.0203\n0.0202\n", 4, true);
  EXPECT_EQ(f.code, icmp::Codes::kWrongRoundTrip);
  ExpectWords(f);
}

// A warm-up ping it never prints: every line is the next request's. Read in order, its first
// line (a timeout) was "about request 1", whose reply came; the cause is the unprinted request.
TEST(TextbookPinger, AFirstRequestNeverPrintedIsSaidNotTheLineAfterIt) {
  Wire w = Textbook({2});
  Finding f = w.Check("Request timed out.\n0.0204\n0.0203\n", 4, true);
  EXPECT_EQ(f.code, icmp::Codes::kWrongRoundTrip) << f.Text();
  EXPECT_EQ(f.cause,
            "Your program printed no line about its first echo request: each of its lines is "
            "about the request after it (its first line, 'Request timed out.', is request 2's "
            "round trip, the next request 3's, ...).");
  // Four lines, the fourth the fifth request's: the same.
  EXPECT_EQ(w.Check("Request timed out.\n0.0204\n0.0203\n0.0202\n", 4, true).cause, f.cause);
  // Lines that fit neither reading are judged in order, as before.
  f = w.Check("Request timed out.\n0.0204\n0.0503\n", 4, true);
  // Kept: the test's point, that a reading in order says nothing of an unprinted request.
  EXPECT_EQ(f.cause.find("printed no line about its first"), std::string::npos) << f.Text();
}

// A real textbook pinger returned "expected id=34183, but got 53458" for another ping's reply
// and printed it instead of its round trip: the line that names the other identifier (in the
// byte order the program read it) is the cause, not the count of lines.
TEST(TextbookPinger, ALineNamingAnotherPingsIdentifierIsThatReplyTaken) {
  icmp::IcmpFaults f = Wire::Delay20();
  f.latest_answers = true;
  Wire w(f);
  w.expect().any_sequence = w.expect().keeps_pinging = w.expect().free_form = true;
  w.expect().pause_ms = 1000;
  double at = 0;
  for (unsigned n = 1; n <= 5; ++n) {
    w.Request(at, 0x8587, 0x0100);
    w.Reply(at + 0.05, at + 0.05, 0xd0d2, 0x0100, WireRecord::kMade);
    w.Reply(at + 0.1, at + 20.1, 0x8587, 0x0100);
    at += 1020;
  }
  // 0xd0d2 read the other way is 0xd2d0, 53968; the program printed the wire's bytes as it read
  // them.
  Finding found = w.Check(
      "expected id=34693, but got 53968\n0.0203\nexpected id=34693, but got "
      "53968\nexpected id=34693, but got 53968\n",
      4, true);
  EXPECT_EQ(found.code, icmp::Codes::kOtherReplyTaken) << found.Text();
  EXPECT_EQ(found.cause,
            "Your program printed 'expected id=34693, but got 53968' about the reply to another "
            "ping running on the same host (identifier 53968, 0xd2d0; yours is 34693, 0x8785), "
            "instead of waiting for its own reply, which came right after.");
  // Without the other identifier in its words, the count of lines is all there is to say.
  found = w.Check("expected another id\n0.0203\n", 4, true);
  EXPECT_EQ(found.code, icmp::Codes::kWrongRoundTrip) << found.Text();
  ExpectWords(found, "without the identifier");
}

}  // namespace
}  // namespace netgrade::icmp
