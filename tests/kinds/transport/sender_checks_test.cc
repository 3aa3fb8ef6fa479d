// A student's sender judged from its packets (sender_checks.cc), on a record made by hand:
// each mistake named by its code and the words that say it.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include "harness/kinds/transport/codes.h"
#include "harness/kinds/transport/goodput.h"
#include "harness/kinds/transport/traffic.h"
#include "tests/kinds/transport/traffic_fixture.h"
#include "tests/support/words_golden.h"

namespace netgrade::transport {
namespace {

using namespace testing_traffic;  // NOLINT
using testing_support::ExpectWords;

// ---- a sender ------------------------------------------------------------------------------

// Five packets of a 5000-byte file, each sent once the ACK of the one before came, and the FIN.
void OnePacketAtATime(Transfer& t) {
  for (uint64_t j = 0; j < 5; ++j) {
    t.Data(j, 100.0 * static_cast<double>(j));
    t.AckTo(j + 1, 100.0 * static_cast<double>(j) + 50);
  }
  t.Fin(500);
  t.AckTo(6, 550);
  t.Delivered(550);
}

TEST(TransportSenderChecks, ACleanGoBackNTransferPasses) {
  Transfer t(true, 30000, 20);
  ExpectClean(t.expect(), 20);
  t.GoBackN(20);
  Finding f = t.Judge();
  EXPECT_TRUE(f.ok()) << check::CodeName(f.code) << ": " << f.Text();
  EXPECT_TRUE(CheckTraffic(t.obs()).ok());
}

TEST(TransportSenderChecks, TwiceTheWindowInFlightIsWindowExceeded) {
  Transfer t(true, 40000, 20);
  t.expect().in_flight_at_most = 20;
  for (uint64_t j = 0; j < 40; ++j) t.Data(j, 0.1 * static_cast<double>(j));
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kWindowExceeded) << f.Text();
  ExpectWords(f);
}

TEST(TransportSenderChecks, OnePacketAtATimeWhereTheWindowIsAskedIsStopAndWait) {
  Transfer t(true, 5000, 20);
  t.expect().delivered = true;
  t.expect().in_flight_reaching = 20;
  OnePacketAtATime(t);
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kStopAndWait) << f.Text();
  ExpectWords(f);
}

// A lab's own words for one of the kind's codes (`hints: {stop_and_wait: ...}`) are told with
// that diagnosis, after netgrade's, and with no other.
TEST(TransportSenderChecks, TheLabsHintForACodeIsToldWithThatDiagnosisAlone) {
  Transfer t(true, 5000, 20);
  t.expect().delivered = true;
  t.expect().in_flight_reaching = 20;
  t.test().expect.hints["stop_and_wait"] = "see the slides on pipelining";
  t.test().expect.hints["no_resend"] = "never shown here";
  OnePacketAtATime(t);
  Finding f = t.Decide();
  EXPECT_EQ(f.code, transport::Codes::kStopAndWait) << f.Text();
  ASSERT_EQ(f.notes.size(), 1u) << f.Text();
  EXPECT_EQ(f.notes[0], "see the slides on pipelining.");
  EXPECT_TRUE(t.Judge().notes.empty()) << "the judge's finding is netgrade's alone";
}

TEST(TransportSenderChecks, SendingAgainWhatItHadShownWasAcknowledgedIsNeedlessResend) {
  // WINDOW 4: packets 0 to 3, then 4 to 7 as ACKs 1 to 4 come; then packet 0 again, though
  // sending packet 7 showed it knew every packet below 4 was acknowledged.
  Transfer t(true, 8000, 4);
  t.expect().delivered = true;
  for (uint64_t j = 0; j < 8; ++j) {
    const double sent = j < 4 ? 0.1 * static_cast<double>(j) : 100 + static_cast<double>(j);
    t.Data(j, sent);
    t.AckTo(j + 1, sent + 50);
  }
  t.Data(0, 300);
  t.Fin(301);
  t.AckTo(9, 351);
  t.Delivered(351);
  t.Sort();
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kNeedlessResend) << f.Text();
  ExpectWords(f);
}

TEST(TransportSenderChecks, ResendingWhatAnUnreadAckCoveredIsNotNeedless) {
  // A program a loaded machine stalled: its timer had expired when it ran again, and it sent
  // packets 0 to 3 again before reading the ACKs waiting in its socket. It had sent nothing
  // that shows it knew of them: not needless.
  Transfer t(true, 4000, 4);
  t.expect().delivered = true;
  for (uint64_t j = 0; j < 4; ++j) {
    t.Data(j, 0.1 * static_cast<double>(j));
    t.AckTo(j + 1, 50 + 0.1 * static_cast<double>(j));
  }
  for (uint64_t j = 0; j < 4; ++j) t.Data(j, 400 + 0.1 * static_cast<double>(j));
  t.Fin(401);
  t.AckTo(5, 451);
  t.Delivered(451);
  t.Sort();
  Finding f = t.Judge();
  EXPECT_TRUE(f.ok()) << f.Text();
}

TEST(TransportSenderChecks, TheFirstResendThatBreaksARuleIsTheDiagnosis) {
  // A 20 ms timeout: packet 0 again at 20 ms (too soon), then, later, packet 0 again after its
  // own packet 2 showed it knew packet 0 was acknowledged (WINDOW 2: needless). Both are wrong;
  // the first in time is said, whatever came later.
  auto run = [](int early) {
    Transfer t(true, 3000, 2);
    ExpectClean(t.expect(), 20);
    t.expect().in_flight_reaching.reset();
    t.Data(0, 0);
    t.Data(1, 0.1);
    if (early >= 1) t.Data(0, 20);
    if (early >= 2) t.Data(0, 40);
    t.AckTo(2, 50);  // reaches it at 100 ms
    t.Data(2, 110);  // WINDOW 2 allows it only once packets 0 and 1 are acknowledged
    t.Data(0, 200);
    t.Fin(201);
    t.AckTo(3, 150);
    t.AckTo(4, 251);
    t.Delivered(251);
    t.Sort();
    return t.Judge();
  };
  Finding f = run(2);
  EXPECT_EQ(f.code, transport::Codes::kResendTooSoon) << f.Text();
  ExpectWords(f);
  // Without the early ones, the later one is said; so it is after one early burst alone, which
  // a machine that held the program back between its timer and its send makes (below).
  for (int early : {0, 1}) {
    Finding later = run(early);
    EXPECT_EQ(later.code, transport::Codes::kNeedlessResend) << early << ": " << later.Text();
    ExpectWords(later, fmt::format("after {} early bursts", early));
  }
}

// An ACK the link damaged is lost to a right sender as a lost one is: a sender that waits with
// no timeout after it is told so, not only that the file did not come.
TEST(TransportSenderChecks, ASenderAtRestAfterADamagedAckIsNoResend) {
  Transfer t(true, 3000, 1);
  t.expect().delivered = true;
  t.Data(0, 0);
  t.AckTo(1, 50);
  t.records().back().corrupted = true;
  t.evidence().received_bytes = 1000;
  t.evidence().expected = 1;
  t.obs().program.exited = false;
  t.obs().at_rest_in = "recvfrom";
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kNoResend) << f.Text();
  ExpectWords(f);
}

// Whatever leaves a file undelivered, the student is told what to do, and whose receiver it was.
TEST(TransportSenderChecks, AnUndeliveredFileAlwaysHasAFixAndNamesTheReceiverThatPlayed) {
  Transfer waits(true, 3000, 20);
  waits.expect().delivered = true;
  waits.Data(0, 0);
  waits.obs().program.exited = false;
  waits.obs().at_rest_in = "recvfrom";
  waits.evidence().peer_program = "the instructor's receiver (instructor/)";
  Finding f = waits.Judge();
  EXPECT_EQ(f.code, transport::Codes::kNotDelivered) << f.Text();
  EXPECT_FALSE(f.fix.empty());
  ExpectWords(f, "waits, against the instructor's receiver");

  Transfer exited(true, 3000, 20);
  exited.expect().delivered = true;
  exited.Data(0, 0);
  Finding g = exited.Judge();
  EXPECT_EQ(g.code, transport::Codes::kNotDelivered) << g.Text();
  EXPECT_FALSE(g.fix.empty());
  ExpectWords(g, "exited");
  // One mistake whatever the counts and the receiver: one row of the class page.
  EXPECT_NE(f.cause.text(), g.cause.text());
  EXPECT_EQ(f.cause.shape(), g.cause.shape());
  EXPECT_EQ(f.cause.shape(), "{} did not deliver {}: {}");
}

// A lab whose program has no WINDOW (a stop-and-wait sender, `in_flight: {at_most: 1}`) is told
// of what it asks, not of a WINDOW the program was never given.
TEST(TransportSenderChecks, TooManyInFlightIsToldInTheLabsTermsWithoutAWindowArgument) {
  for (int most : {1, 4}) {
    Transfer t(true, 8000, 0);
    t.expect().in_flight_at_most = most;
    for (uint64_t j = 0; j < 6; ++j) t.Data(j, static_cast<double>(j));
    Finding f = t.Judge();
    EXPECT_EQ(f.code, transport::Codes::kWindowExceeded) << f.Text();
    EXPECT_EQ(f.Text().find("WINDOW"), std::string::npos) << f.Text();
    ExpectWords(f, fmt::format("at most {}", most));
  }
}

// A number used again for other bytes is not a resend: the sender is told its seq does not
// count the file's packets (the textbook's alternating bit in a lab of packet numbers), not
// that its timeout is short. The same bytes again under the number are a resend.
TEST(TransportSenderChecks, OtherBytesUnderANumberAlreadyUsedAreSeqReusedNotAResend) {
  Transfer t(true, 3000, 1);
  t.expect().delivered = true;
  t.expect().resend_not_before_ms = 100;
  t.Data(0, 0);
  t.AckTo(1, 50);
  t.Sent(Packet(kF.type_data, 1, t.Payload(1)), 100.5);
  t.AckTo(2, 150.5);
  t.Sent(Packet(kF.type_data, 0, t.Payload(2)), 201);  // packet 2, numbered 0
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kSeqReused) << f.Text();
  ExpectWords(f);

  Transfer resent(true, 3000, 1);
  resent.expect().delivered = true;
  resent.Data(0, 0);
  resent.Data(0, 300);  // the same bytes: a resend
  resent.obs().program.exited = false;
  resent.obs().at_rest_in = "recvfrom";
  EXPECT_NE(resent.Judge().code, transport::Codes::kSeqReused);
}

TEST(TransportSenderChecks, ASenderAtRestAfterALossIsNoResend) {
  Transfer t(true, 3000, 20);
  t.expect().delivered = true;
  t.Data(0, 0);
  t.Data(1, 0.1, /*lost=*/true);
  t.Data(2, 0.2);
  t.AckTo(1, 50);
  t.AckTo(1, 50.2);
  t.evidence().received_bytes = 1000;
  t.evidence().expected = 1;
  t.obs().program.exited = false;
  t.obs().at_rest_in = "recvfrom";
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kNoResend) << f.Text();
  ExpectWords(f);

  // The same with nothing lost: it did not deliver, but no loss explains it.
  Transfer clean(true, 3000, 20);
  clean.expect().delivered = true;
  clean.Data(0, 0);
  clean.obs().program.exited = false;
  clean.obs().at_rest_in = "recvfrom";
  EXPECT_EQ(clean.Judge().code, transport::Codes::kNotDelivered);
}

// A sender still sending when no FIN could reach the goodput asked is told it is slow, with
// what it had delivered: not that it did not deliver (netgrade stopped waiting).
TEST(TransportSenderChecks, StillSendingWhenNoFinCouldBeFastEnoughIsSlowTransfer) {
  Transfer t(true, 30000, 20);
  t.expect().delivered = true;
  t.expect().goodput_at_least = 0.5;
  for (uint64_t j = 0; j < 5; ++j) {
    t.Data(j, 200.0 * static_cast<double>(j));
    t.AckTo(j + 1, 200.0 * static_cast<double>(j) + 50);
  }
  t.evidence().received_bytes = 5000;
  t.obs().program.exited = false;
  EXPECT_EQ(t.Judge().code, transport::Codes::kNotDelivered) << "netgrade had not given up";
  t.evidence().gave_up_at = *GoodputDeadline(t.evidence(), 0.5);
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kSlowTransfer) << f.Text();
  ExpectWords(f);
}

TEST(TransportSenderChecks, AWindowAtATimeWhereASlidingWindowIsAskedIsWindowNotSliding) {
  // 100 packets, WINDOW 10: each window sent once every packet of the last is acknowledged.
  Transfer t(true, 100000, 10);
  ExpectClean(t.expect(), 10);
  t.expect().in_flight_sliding = true;
  for (uint64_t j = 0; j < 100; ++j) {
    const double sent = 200.0 * static_cast<double>(j / 10) + 0.1 * static_cast<double>(j % 10);
    t.Data(j, sent);
    t.AckTo(j + 1, sent + 100);
  }
  t.Fin(2000);
  t.AckTo(101, 2050);
  t.Delivered(2050);
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kWindowNotSliding) << f.Text();
  ExpectWords(f);
  // Not asked: the same transfer passes.
  t.expect().in_flight_sliding = false;
  EXPECT_TRUE(t.Judge().ok());
}

TEST(TransportSenderChecks, ASlidingWindowThatDrainedOnceInAStallSlides) {
  Transfer t(true, 100000, 10);
  ExpectClean(t.expect(), 10);
  t.expect().in_flight_sliding = true;
  t.GoBackN(10);
  EXPECT_TRUE(t.Judge().ok()) << t.Judge().Text();
  // One window's worth of ACKs all read before the next packet (the program stalled): once
  // is not a rule.
  Transfer stall(true, 100000, 10);
  ExpectClean(stall.expect(), 10);
  stall.expect().in_flight_sliding = true;
  // Packets 10 to 19 wait until 300 ms, long after the ACKs of 0 to 9 came at 100 ms; then
  // one new packet for each ACK again.
  std::vector<double> sent(100);
  for (uint64_t j = 0; j < 100; ++j) {
    sent[j] = j < 10   ? 0.1 * static_cast<double>(j)
              : j < 20 ? 300 + 0.1 * static_cast<double>(j - 10)
                       : sent[j - 10] + 100.1;
    stall.Data(j, sent[j]);
    stall.AckTo(j + 1, sent[j] + 50);
  }
  stall.Fin(sent[99] + 101);
  stall.AckTo(101, sent[99] + 101);
  stall.Delivered(sent[99] + 151);
  stall.Sort();
  EXPECT_TRUE(stall.Judge().ok()) << stall.Judge().Text();
}

TEST(TransportSenderChecks, ATimeoutThatResendsAPacketSentAMomentBeforeIsNotTooSoon) {
  // Go-Back-N: packet 2 goes out new, then the timer (run from packet 0's send, 250 ms
  // before) fires and sends 0, 1 and 2 again: 2's own gap is 0.2 ms, and that is right.
  Transfer t(true, 3000, 4);
  ExpectClean(t.expect(), 4);
  t.expect().in_flight_reaching.reset();
  t.Data(0, 0);
  t.Data(1, 0.1);
  t.Data(2, 250);
  t.Data(0, 250.2);
  t.Data(1, 250.3);
  t.Data(2, 250.4);
  t.AckTo(3, 300);
  t.Fin(300.5);
  t.AckTo(4, 350);
  t.Delivered(350);
  Finding f = t.Judge();
  EXPECT_TRUE(f.ok()) << f.Text();
  // The same burst led by a packet sent 20 ms before is too soon, once it comes again.
  Transfer soon(true, 3000, 4);
  ExpectClean(soon.expect(), 4);
  soon.Data(0, 0);
  soon.Data(0, 20);
  soon.Data(0, 40);
  EXPECT_EQ(soon.Judge().code, transport::Codes::kResendTooSoon);
}

// A loaded machine held a right sender back between starting its 200 ms timer and sending its
// first window (a Node.js reference in a default container, at 89da40d: packet 0 sent again
// 97.1 ms after it went out): the first burst, led by the first packet sent, begun too soon is
// not a timeout too short alone; a second burst too soon is. (A first burst led by a later
// packet is judged at once: sender-timer-never-restarted's.)
TEST(TransportSenderChecks, OneBurstBegunTooSoonIsTheMachinesASecondIsTheTimeouts) {
  auto run = [](int bursts) {
    Transfer t(true, 3000, 3);
    ExpectClean(t.expect(), 3);
    t.expect().in_flight_reaching.reset();
    t.Data(0, 100);  // its timer started at 0: the send came 100 ms late
    t.Data(1, 100.1);
    t.Data(2, 100.2);
    t.Data(0, 197.1);  // the timeout, at 200 ms by its own clock
    t.Data(1, 197.2);
    t.Data(2, 197.3);
    if (bursts == 2) {
      t.Data(0, 260);
      t.Data(1, 260.1);
    }
    if (bursts == 3) {  // the second burst on a duplicate ACK (made at 160, come at 210)
      t.AckTo(1, 150);
      t.AckTo(1, 160);
      t.Data(1, 215);
    }
    t.Fin(400);
    t.AckTo(3, 300);
    t.AckTo(4, 450);
    t.Delivered(450);
    t.Sort();
    return t.Judge();
  };
  Finding once = run(1);
  EXPECT_NE(once.code, transport::Codes::kResendTooSoon) << once.Text();
  Finding twice = run(2);
  EXPECT_EQ(twice.code, transport::Codes::kResendTooSoon) << twice.Text();
  ExpectWords(twice);
  // A second one on a duplicate ACK: the held burst is still the first in time, and said (the
  // catalogue's sender-resend-too-soon got either by timing before).
  Finding dup = run(3);
  EXPECT_EQ(dup.code, transport::Codes::kResendTooSoon) << dup.Text();
  ExpectWords(dup, "the second on a duplicate ACK");
}

// The same held first burst, come just after a duplicate ACK (the C++ reference in the
// deny-uid-map mode beside the suite, at ef24608: packet 0 sent again 84.2 ms after it went
// out, its 100 ms timer firing as a duplicate ACK came): the machine's too; a second burst on
// a duplicate ACK is the sender's.
TEST(TransportSenderChecks, AHeldFirstBurstJustAfterADuplicateAckIsTheMachines) {
  auto run = [](bool again) {
    Transfer t(true, 3000, 3);
    ExpectClean(t.expect(), 3);
    t.expect().in_flight_reaching.reset();
    t.Data(0, 16, true);  // its timer started at 0: the send was read 16 ms late; lost
    t.Data(1, 16.1);
    t.Data(2, 16.2);
    t.AckTo(0, 40);  // 1's and 2's ACKs ask for 0: duplicates, come at 90 ms
    t.AckTo(0, 40.1);
    t.Data(0, 100.2);  // the timeout, at 100 ms by its own clock: 84.2 ms after 0 was read
    t.Data(1, 100.3);
    t.Data(2, 100.4);
    if (again) {  // and again on the next duplicate ACK (made at 110, come at 160)
      t.AckTo(0, 110);
      t.Data(0, 161);
    }
    t.AckTo(3, 200);
    t.Fin(300);
    t.AckTo(4, 310);
    t.Delivered(360);
    t.Sort();
    return t.Judge();
  };
  Finding once = run(false);
  EXPECT_NE(once.code, transport::Codes::kResendOnDupAck) << once.Text();
  Finding twice = run(true);
  EXPECT_EQ(twice.code, transport::Codes::kResendOnDupAck) << twice.Text();
  ExpectWords(twice);
}

}  // namespace
}  // namespace netgrade::transport
