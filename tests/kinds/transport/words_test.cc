// The transport kind's words for `netgrade explain` and a report's fault plan: a link's
// directions, a case's transfer and link.
#include "harness/kinds/transport/words.h"

#include <gtest/gtest.h>

namespace netgrade::transport {
namespace {

spec::LinkDirection Clean() {
  spec::LinkDirection d;
  d.rate_bps = 10e6;
  d.delay_ms = 50;
  d.queue_packets = 100;
  return d;
}

spec::Case SenderCase(const spec::LinkDirection& out, const spec::LinkDirection& back) {
  spec::Case c;
  c.name = "sender-clean-link";
  c.role = "sender";
  EditCase(c)->link.emplace();
  EditCase(c)->link->out = out;
  EditCase(c)->link->back = back;
  EditCase(c)->transfer.emplace();
  EditCase(c)->transfer->file = "photo.bin";
  EditCase(c)->transfer->window = 20;
  return c;
}

TEST(TransportWords, ADirectionInWords) {
  spec::LinkDirection d = Clean();
  EXPECT_EQ(DirectionWords(d), "10 Mbit/s, 50 ms, a queue of 100 packets");
  d.rate_bps = 500e3;
  d.jitter_ms = 5;
  d.loss = 0.1;
  d.corrupt = 0.05;
  d.lose = {3, 30};
  d.lose_fin_ack = 1;
  EXPECT_EQ(DirectionWords(d),
            "500 kbit/s, 50 ms (up to 5 ms more), a queue of 100 packets, 10% lost, 5% corrupted, "
            "packet(s) 3, 30 lost, the first ACK of the FIN lost");
  EXPECT_EQ(DirectionWords(spec::LinkDirection{}), "no rate limit, 0 ms");
}

TEST(TransportWords, ATraceAndChangesInWords) {
  spec::LinkDirection d;
  d.trace_ms = {0, 1, 2};
  d.trace_from = "12mbit.trace";
  d.delay_ms = 20;
  spec::LinkChange c;
  c.at_ms = 5000;
  c.rate_bps = 2e6;
  c.loss = 0.2;
  d.changes = {c};
  d.lose_fin_ack = 2;
  EXPECT_EQ(DirectionWords(d),
            "the rate of the trace 12mbit.trace, 20 ms, the first 2 ACKs of the FIN lost, "
            "from 5000 ms: 2 Mbit/s 20% lost");
}

TEST(TransportWords, ACaseSaysItsTransferAndItsLinkOnceWhenBothWaysAreTheSame) {
  spec::Case c = SenderCase(Clean(), Clean());
  EXPECT_EQ(CaseWords(c),
            "    The transfer: photo.bin, WINDOW 20.\n"
            "    The link, each way: 10 Mbit/s, 50 ms, a queue of 100 packets.\n");
  EXPECT_EQ(LinkLine(c),
            "10 Mbit/s, 50 ms, a queue of 100 packets each way; the transfer: photo.bin, "
            "WINDOW 20");
}

TEST(TransportWords, ACaseSaysWhenTheInstructorsProgramIsThePeer) {
  spec::Case c = SenderCase(Clean(), Clean());
  c.peer_program = spec::PeerProgram{.folder = "/lab/instructor",
                                     .written = "instructor",
                                     .role = "receiver",
                                     .argv = std::nullopt,
                                     .mark = {}};
  EXPECT_EQ(CaseWords(c),
            "    The transfer: photo.bin, WINDOW 20.\n"
            "    The peer: the instructor's receiver (instructor/), not netgrade's own; it is not "
            "graded.\n"
            "    The link, each way: 10 Mbit/s, 50 ms, a queue of 100 packets.\n");
}

TEST(TransportWords, ACaseSaysEachDirectionWhenTheyDiffer) {
  spec::LinkDirection back = Clean();
  back.lose_fin_ack = 1;
  spec::Case c = SenderCase(Clean(), back);
  EditCase(c)->transfer->window = 0;  // the sender chooses its own (congestion-control)
  EXPECT_EQ(CaseWords(c),
            "    The transfer: photo.bin, the window the sender's own choice.\n"
            "    The link from the program: 10 Mbit/s, 50 ms, a queue of 100 packets.\n"
            "    The link to the program: 10 Mbit/s, 50 ms, a queue of 100 packets, the first "
            "ACK of the FIN lost.\n");
  EXPECT_EQ(LinkLine(c),
            "from the program 10 Mbit/s, 50 ms, a queue of 100 packets; to it 10 Mbit/s, 50 ms, "
            "a queue of 100 packets, the first ACK of the FIN lost; the transfer: photo.bin");
}

TEST(TransportWords, ACaseWithoutALinkHasOneWithNoLimit) {
  spec::Case c;
  EditCase(c)->transfer.emplace();
  EditCase(c)->transfer->file = "incoming.bin";
  EditCase(c)->transfer->window = 8;
  EXPECT_EQ(LinkLine(c), "no rate limit, 0 ms each way; the transfer: incoming.bin, WINDOW 8");
}

TEST(TransportWords, ARoleSaysWhichPeerPlaysAgainstIt) {
  spec::Role r;
  r.name = "receiver";
  r.names = {"receiver", "gbn_receiver", "Receiver"};
  r.listens = true;
  r.argv = {"{port}", "out.bin"};
  std::string w = RoleWords(r);
  EXPECT_NE(w.find("role receiver: the program receiver, gbn_receiver or Receiver"),
            std::string::npos)
      << w;
  EXPECT_NE(w.find("run with arguments {port} out.bin"), std::string::npos) << w;
  EXPECT_NE(w.find("netgrade's own sender ({port} is the port it binds)"), std::string::npos) << w;
  r.listens = false;
  r.argv.clear();
  w = RoleWords(r);
  EXPECT_NE(w.find("run with no arguments"), std::string::npos) << w;
  EXPECT_NE(w.find("netgrade's own receiver (at {host}:{port})"), std::string::npos) << w;
}

TEST(TransportWords, ACaseSaysWhatItJudgesOnThePackets) {
  spec::Case c;
  EditExpect(c.expect);
  EditExpect(c.expect)->delivered = true;
  EditExpect(c.expect)->in_flight_at_most = 20;
  EditExpect(c.expect)->resend_not_before_ms = 100;
  std::string words = CaseWords(c);
  EXPECT_NE(
      words.find("    Judged on the packets: netgrade's receiver gets the whole file, exactly, "
                 "and the FIN; never more than 20 packets unacknowledged; no packet sent "
                 "again sooner than 100 ms after it was sent, nor one acknowledged.\n"),
      std::string::npos)
      << words;
  // A stop-and-wait lab's one packet is one.
  EditExpect(c.expect)->in_flight_at_most = 1;
  words = CaseWords(c);
  EXPECT_NE(words.find("never more than 1 packet unacknowledged;"), std::string::npos) << words;
  c.expect.kind_part.reset();
  EXPECT_EQ(CaseWords(c).find("Judged"), std::string::npos);
}

// A goodput is of what bounds it: WINDOW and the link, or the link alone where the sender
// chooses its own window (congestion-control).
TEST(TransportWords, AGoodputIsOfWhatTheWindowAndTheLinkOrTheLinkAloneAllow) {
  spec::Case c;
  EditExpect(c.expect);
  EditExpect(c.expect)->goodput_at_least = 0.7;
  EditCase(c)->transfer.emplace();
  EditCase(c)->transfer->file = "big.bin";
  EditCase(c)->transfer->window = 20;
  EXPECT_NE(CaseWords(c).find("a goodput of at least 70% of what the window and the link allow"),
            std::string::npos)
      << CaseWords(c);
  EditCase(c)->transfer->window = 0;
  EXPECT_NE(CaseWords(c).find("a goodput of at least 70% of what the link allows."),
            std::string::npos)
      << CaseWords(c);
}

// A kernel TCP flow beside the sender, and the share asked of the sender beside it.
TEST(TransportWords, ACaseBesideTcpSaysSoAndTheShareItAsks) {
  spec::Case c = SenderCase(Clean(), Clean());
  EditCase(c)->transfer->window = 0;
  EditCase(c)->transfer->beside_tcp = true;
  EditExpect(c.expect);
  EditExpect(c.expect)->share_at_least = 0.3;
  EditExpect(c.expect)->share_at_most = 0.7;
  const std::string words = CaseWords(c);
  EXPECT_NE(words.find("    The transfer: photo.bin, the window the sender's own choice; a "
                       "kernel TCP flow beside the sender, through the same queue, from the "
                       "case's start.\n"),
            std::string::npos)
      << words;
  EXPECT_NE(words.find("the sender's share of the two goodputs over the last half of the time "
                       "both send between 30% and 70%"),
            std::string::npos)
      << words;
  EXPECT_NE(LinkLine(c).find("; the transfer: photo.bin, a kernel TCP flow beside the sender"),
            std::string::npos)
      << LinkLine(c);
  EditExpect(c.expect)->share_at_most.reset();
  EXPECT_NE(CaseWords(c).find("both send at least 30%"), std::string::npos) << CaseWords(c);
}

}  // namespace
}  // namespace netgrade::transport
