// `expect: echo_requests` on wire records made by hand: each mistake of a pinger named, and a
// right run passing.
#include "harness/kinds/icmp/echo_checks.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/kinds/icmp/codes.h"
#include "tests/kinds/icmp/echo_wire.h"
#include "tests/support/words_golden.h"

namespace netgrade::icmp {

using check::Code;
using check::Finding;
using testing_support::ExpectWords;
namespace {
using namespace echo_test;

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
  EXPECT_EQ(f.code, icmp::Codes::kNoEchoRequest);
  ExpectWords(f, "no request");  // sent no ICMP echo request to 203.0.113.9
  // A real pinger whose every ping() call was commented out: it ran, silent, and ended.
  w.ended_quietly = true;
  f = w.Check("");
  EXPECT_EQ(f.code, icmp::Codes::kNoEchoRequest);
  EXPECT_EQ(f.cause,
            "ICMPPinger.py ended at once (status 0) without sending an echo request or printing "
            "anything: nothing in it starts the pinging.");
}

TEST(IcmpChecks, ABadChecksumIsNamedWithItsBytesAndItsMistake) {
  Wire w;
  w.Request(0, 0x4242, 0x0100, true);
  Finding f = w.Check("seq=1 timeout\n", 1);
  EXPECT_EQ(f.code, Code::kBadChecksum);
  ExpectWords(f);  // its bytes, swapped, and who drops it
  // Routers forward it (they check the IP header only): the destination is who drops it.
  EXPECT_EQ(f.Text().find("A router drops"), std::string::npos) << f.Text();
}

TEST(IcmpChecks, SequenceNumbersOutOfPlaceOrInAMixedOrder) {
  Wire mixed;
  mixed.Request(0, 1, 0x0100);
  mixed.Reply(1, 21, 1, 0x0100);
  mixed.Request(30, 1, 2);
  Finding f = mixed.Check("", 2, false);
  EXPECT_EQ(f.code, icmp::Codes::kWrongSequence);
  ExpectWords(f, "mixed byte order");
  Wire skipped;
  skipped.Request(0, 1, 1);
  skipped.Reply(1, 21, 1, 1);
  skipped.Request(30, 1, 3);
  f = skipped.Check("", 2, false);
  EXPECT_EQ(f.code, icmp::Codes::kWrongSequence);
  ExpectWords(f, "one skipped");
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
  EXPECT_EQ(f.code, icmp::Codes::kWrongSequence);
  ExpectWords(f);
  EXPECT_EQ(f.Text().find("th request"), std::string::npos) << f.Text();  // the test's point
}

TEST(IcmpChecks, OneIdentifierForTheRunAndTheCountOfRequests) {
  Wire w;
  w.Request(0, 1, 1);
  w.Reply(1, 21, 1, 1);
  w.Request(30, 2, 2);
  EXPECT_EQ(w.Check("", 2, false).code, icmp::Codes::kBadEchoRequest);
  Wire few;
  few.Request(0, 1, 1);
  few.Reply(1, 21, 1, 1);
  Finding f = few.Check("", 4, false);
  EXPECT_EQ(f.code, icmp::Codes::kRequestCount);
  ExpectWords(f);  // sent 1 echo request
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
  EXPECT_EQ(f.code, icmp::Codes::kNoReplyTimeout) << f.Text();
  ExpectWords(f);  // in recvfrom(), for the reply to request 2; settimeout(1)
  EXPECT_EQ(w.Check("seq=1 time=20.0 ms\n", 4, false).code, icmp::Codes::kRequestCount);

  Wire answered;  // every reply passes: at rest, but not for a lost reply
  answered.Request(0, 7, 1);
  answered.Reply(1, 21, 7, 1);
  EXPECT_EQ(answered.Check("", 4, false, 0, "recvfrom").code, icmp::Codes::kRequestCount);
}

// A flood loses requests in the kernel's queues before the wire (the 3rd seen may be the 5th
// sent): it is named a flood, never a sequence number out of place or a timing, so its
// diagnosis does not depend on which requests the kernel dropped.
TEST(IcmpChecks, AFloodIsNamedWhicheverRequestsTheKernelDropped) {
  std::vector<std::string> words;
  for (uint16_t gap_at : {3, 40}) {
    Wire w;
    uint16_t seq = 0;
    for (size_t n = 1; n <= kFloodRequests; ++n) {
      if (++seq == gap_at) seq += 2;  // two requests dropped before the wire saw them
      w.Request(static_cast<double>(n) * 0.01, 0x4242, seq);
    }
    Finding f = w.Check("", 4, true);
    EXPECT_EQ(f.code, icmp::Codes::kRequestCount) << f.Text();
    if (words.empty()) ExpectWords(f, "a flood");
    words.push_back(f.Text());
  }
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0], words[1]) << "the words do not depend on which requests were dropped";
  // Five requests of four at once is no flood: the first thing wrong stays the timing.
  Wire five;
  for (uint16_t n = 1; n <= 5; ++n) five.Request(n * 0.1, 0x4242, n);
  EXPECT_EQ(five.Check("", 4, false).code, icmp::Codes::kAllAtOnce);
  // Nor is a count of many: 150 requests where COUNT is 100.
  Wire many;
  for (uint16_t n = 1; n <= 150; ++n) many.Request(n * 0.1, 0x4242, n);
  EXPECT_EQ(many.Check("", 100, false).code, icmp::Codes::kAllAtOnce);
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
  EXPECT_EQ(f.code, icmp::Codes::kRequestCount);
  ExpectWords(f);  // sent 2 echo requests and no more; this case judges its first 4
}

TEST(OwnHost, APingerOfItsOwnComputerIsToldSoBeforeAnythingElse) {
  Wire none;
  Finding f = none.Check("Pinging 127.0.0.1 using Python:\n0.0001\n", 4, true, 0, "", 4);
  EXPECT_EQ(f.code, icmp::Codes::kNoEchoRequest);
  ExpectWords(f, "itself only");
  // One that pinged itself first and the destination after: the same cause leads.
  Wire some;
  GoodRun(&some);
  f = some.Check(kGoodOut, 4, true, 0, "", 1);
  EXPECT_EQ(f.code, icmp::Codes::kNoEchoRequest) << f.Text();
  ExpectWords(f, "itself, then the destination");  // 4 other echo requests did
  EXPECT_TRUE(some.Check(kGoodOut).ok()) << "none of its own: nothing said";
}

// The skeleton pinging 127.0.0.1 with its checksum over the wrong bytes: its own kernel drops
// each request and answers none (a real one ran to its timeout, "sent no ICMP echo request").
TEST(OwnHost, RequestsItsOwnKernelDroppedForTheirChecksumAreSaidAsSuch) {
  Wire none;
  Finding f = none.Check("Request timed out.\nRequest timed out.\n", 4, true, 0, "", 0, 2);
  EXPECT_EQ(f.code, icmp::Codes::kNoEchoRequest);
  EXPECT_EQ(f.cause,
            "Your program pinged its own computer (127.0.0.1, localhost, or its own address), and "
            "its own kernel dropped the requests unanswered: the ICMP checksum was wrong. No such "
            "request crossed the network to 203.0.113.9.");
  ExpectWords(f, "dropped");  // compute the checksum over the whole ICMP message
  // Answered ones lead: the checksum was right for those.
  f = none.Check("0.0001\n", 4, true, 0, "", 3, 1);
  ExpectWords(f, "answered");  // its own kernel answered at once
}

// Real pingers with a wrong checksum ran to their timeout (26 s): the first request decides.
TEST(FirstRequestInvalid, AWrongChecksumOrCodeOnTheFirstRequestSettlesTheCase) {
  Wire good;
  GoodRun(&good);
  EXPECT_FALSE(FirstRequestInvalid(good.records()));
  Wire bad;
  bad.Request(0, 0x4242, 0x0100, true);
  EXPECT_TRUE(FirstRequestInvalid(bad.records()));
  Wire later;  // a right first request: the later ones are for the checks to weigh
  later.Request(0, 0x4242, 0x0100);
  later.Request(30, 0x4242, 0x0200, true);
  EXPECT_FALSE(FirstRequestInvalid(later.records()));
  EXPECT_FALSE(FirstRequestInvalid({}));
}

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
  EXPECT_EQ(f.code, icmp::Codes::kWrongRoundTrip) << f.Text();
  // A run of digits with no unit is no time (a whole number of five digits or more); a long
  // fraction is one, and no more lines are read than asked for.
  EXPECT_TRUE(FreeFormLines(digits + "\n").empty());
  EXPECT_EQ(FreeFormLines("0." + digits + "\n0." + digits, 1).size(), 1u)
      << "at most the lines asked for";
}

}  // namespace
}  // namespace netgrade::icmp
