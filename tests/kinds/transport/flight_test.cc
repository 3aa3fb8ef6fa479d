// What a transport case's record says a sender did (ReadSender) and how a receiver's ACKs
// compare with the cumulative ACK (ReadAcks), on records written by hand.
#include "harness/kinds/transport/flight.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace netgrade::transport {
namespace {

const PacketFormat kF = PacketFormat::ReliableTransfer();

Micros Ms(double ms) { return Micros(static_cast<int64_t>(ms * 1000)); }

Header Valid(uint64_t type, uint64_t seq, uint64_t len = 0) {
  Header h;
  h.type = type;
  h.seq = seq;
  h.len = len;
  return h;
}

PacketRecord Record(bool from_student, const Header& h, double seen, double delivered,
                    size_t len = 0) {
  PacketRecord r;
  r.from_student = from_student;
  r.header = h;
  r.seen = Ms(seen);
  r.delivered = Ms(delivered);
  r.size = kF.header_size() + len;
  return r;
}

// ---- a student's sender: its DATA and FIN, netgrade's ACKs to it ---------------------------

// DATA `seq` read from the program at `t` ms (it reaches netgrade's receiver 1 ms later).
PacketRecord Data(uint64_t seq, double t, size_t len = 1000) {
  return Record(true, Valid(kF.type_data, seq, len), t, t + 1, len);
}
PacketRecord Fin(uint64_t seq, double t) { return Record(true, Valid(kF.type_fin, seq), t, t + 1); }
// An ACK of netgrade's receiver delivered to the program at `t` ms, made at `made` (1 ms
// before unless given).
PacketRecord AckTo(uint64_t seq, double t, double made = -1) {
  return Record(false, Valid(kF.type_ack, seq), made < 0 ? t - 1 : made, t);
}

// ---- a student's receiver: netgrade's DATA and FIN to it, its ACKs -------------------------

// DATA `seq` of netgrade's sender delivered to the program at `t` ms.
PacketRecord Given(uint64_t seq, double t) {
  return Record(false, Valid(kF.type_data, seq, 1000), t - 1, t, 1000);
}
PacketRecord GivenFin(uint64_t seq, double t) {
  return Record(false, Valid(kF.type_fin, seq), t - 1, t);
}
// The program's ACK, read at `t` ms.
PacketRecord AckFrom(uint64_t seq, double t) {
  return Record(true, Valid(kF.type_ack, seq), t, t + 1);
}

// ---- what the link did to a record ----------------------------------------------------------

PacketRecord Lost(PacketRecord r, Fate::Kind how = Fate::kLost) {
  r.fate = how;
  r.delivered = Micros(-1);
  return r;
}
PacketRecord Corrupted(PacketRecord r) {
  r.corrupted = true;
  return r;
}
PacketRecord Duplicated(PacketRecord r) {
  r.duplicated = true;
  return r;
}

// ---- ReadSender ----------------------------------------------------------------------------

TEST(TransportFlight, InFlightCountsOnlyTheAcksDeliveredByTheSend) {
  std::vector<PacketRecord> records = {
      Data(0, 0), Data(1, 1), Data(2, 2), Data(3, 3),
      // Made at 5 ms but delivered at 40 ms: after every send below.
      AckTo(6, 40, 5),
      // Delivered at 10 ms, as DATA 4 is read: it counts.
      AckTo(2, 10, 9),
      // Lost on its way back: it never reached the program.
      Lost(AckTo(3, 10, 9)), Data(4, 10), Data(5, 11), Data(6, 12)};
  SenderFlight s = ReadSender(kF, records);
  // DATA 6 with packets below 2 acknowledged: 2, 3, 4, 5, 6 unacknowledged.
  EXPECT_EQ(s.max_in_flight, 5u);
  EXPECT_EQ(s.max_in_flight_at, Ms(12));
  EXPECT_EQ(s.data_packets, 7u);
  EXPECT_EQ(s.packets, 7u);
  EXPECT_EQ(s.datagrams, 7u);
  EXPECT_EQ(s.lost_back, 1u);
  EXPECT_EQ(s.lost_out, 0u);
  EXPECT_TRUE(s.resends.empty());
  EXPECT_EQ(s.first_data, Ms(0));
  EXPECT_EQ(s.last_from_program, Ms(12));
}

// Three windows of 4: sent a window at a time (the next once all of the last is acknowledged),
// or sliding (a new packet for each ACK).
std::vector<PacketRecord> Windows(bool sliding) {
  std::vector<PacketRecord> out;
  for (uint64_t j = 0; j < 12; ++j) {
    const double t = sliding ? (j < 4 ? 0.1 * static_cast<double>(j) : 100.0 * (j / 4) + j % 4)
                             : 150.0 * static_cast<double>(j / 4) + 0.1 * (j % 4);
    out.push_back(Data(j, t));
    // Its ACK reaches the program a round trip later, just before the packet it lets out.
    out.push_back(AckTo(j + 1, (sliding ? 100.0 * (j / 4 + 1) + j % 4 : t + 100) - 0.05));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const PacketRecord& a, const PacketRecord& b) { return a.seen < b.seen; });
  return out;
}

TEST(TransportFlight, AWindowSentOnceTheLastIsAllAcknowledgedStartsDrained) {
  SenderFlight batch = ReadSender(kF, Windows(false));
  EXPECT_EQ(batch.max_in_flight, 4u);
  // Packets 4 and 8 each went out with nothing in flight.
  EXPECT_EQ(batch.drained_starts, 2u);
  EXPECT_EQ(batch.first_drained_at, Ms(150));
  SenderFlight sliding = ReadSender(kF, Windows(true));
  EXPECT_EQ(sliding.max_in_flight, 4u);
  EXPECT_EQ(sliding.drained_starts, 0u);
  EXPECT_EQ(sliding.first_drained_at, Micros{-1});
}

TEST(TransportFlight, PacketsIsTheHighestSeqPlusOneWhateverTheOrder) {
  SenderFlight s = ReadSender(kF, {Data(0, 0), Data(2, 1), Data(1, 2)});
  EXPECT_EQ(s.packets, 3u);
  EXPECT_EQ(s.max_in_flight, 3u);
  EXPECT_EQ(s.max_in_flight_at, Ms(1));
  EXPECT_TRUE(s.resends.empty()) << "DATA 1 was never sent before";
  EXPECT_EQ(ReadSender(kF, {}).packets, 0u);
}

TEST(TransportFlight, ACorruptedAckIsNotDeliveredUnlessTheLinkDuplicatedIt) {
  std::vector<PacketRecord> records = {
      Data(0, 0), Data(1, 1), Data(2, 2), Data(3, 3), Corrupted(AckTo(4, 5)), Data(4, 6)};
  SenderFlight s = ReadSender(kF, records);
  EXPECT_EQ(s.max_in_flight, 5u) << "a right sender drops the corrupted ACK 4";
  EXPECT_EQ(s.max_in_flight_at, Ms(6));
  EXPECT_EQ(s.lost_back, 0u) << "corrupted, not lost";

  // Duplicated, the link's copy is intact: ACK 4 reached the program.
  records[4] = Duplicated(records[4]);
  s = ReadSender(kF, records);
  EXPECT_EQ(s.max_in_flight, 4u);
  EXPECT_EQ(s.max_in_flight_at, Ms(3));
}

TEST(TransportFlight, AResendsGapIsSinceThePacketsLastSendAndResendsAreCounted) {
  std::vector<PacketRecord> records = {Data(0, 0),    Data(1, 1),    Data(2, 2),
                                       AckTo(1, 190), AckTo(2, 195), Data(1, 200)};
  SenderFlight s = ReadSender(kF, records);
  ASSERT_EQ(s.resends.size(), 1u);
  const Resend& r = s.resends[0];
  EXPECT_EQ(r.seq, 1u);
  EXPECT_EQ(r.at, Ms(200));
  EXPECT_EQ(r.gap, Ms(199)) << "since DATA 1's first send at 1 ms";
  EXPECT_FALSE(r.after_dup_ack);
  EXPECT_EQ(s.data_packets, 4u) << "resends counted";
  EXPECT_EQ(s.packets, 3u) << "distinct seqs";
}

TEST(TransportFlight, AResendRightAfterADuplicateAckIsAfterDupAck) {
  // DATA 1 lost; DATA 0 and 2 bring ACK 1 twice.
  auto run = [](uint64_t second_ack, double resend_at) {
    std::vector<PacketRecord> records = {Data(0, 0),        Lost(Data(1, 1)), Data(2, 2),
                                         Data(3, 3),        AckTo(1, 20),     AckTo(second_ack, 22),
                                         Data(1, resend_at)};
    return ReadSender(kF, records);
  };
  SenderFlight s = run(1, 23);
  ASSERT_EQ(s.resends.size(), 1u);
  EXPECT_TRUE(s.resends[0].after_dup_ack) << "1 ms after the second ACK 1";
  EXPECT_EQ(s.lost_out, 1u);

  // A program a loaded machine runs late reads the duplicate 30 ms after it came: still the
  // last ACK it had, so still what it answered.
  s = run(1, 52);
  ASSERT_EQ(s.resends.size(), 1u);
  EXPECT_TRUE(s.resends[0].after_dup_ack) << "30 ms after it, nothing between";

  // A new ACK after the duplicate: the resend answers that, not the duplicate.
  s = ReadSender(kF, {Data(0, 0), Lost(Data(1, 1)), Data(2, 2), AckTo(1, 20), AckTo(1, 22),
                      AckTo(3, 30), Data(1, 40)});
  ASSERT_EQ(s.resends.size(), 1u);
  EXPECT_FALSE(s.resends[0].after_dup_ack) << "ACK 3 came after the duplicate";

  s = run(1, 200);
  ASSERT_EQ(s.resends.size(), 1u);
  EXPECT_FALSE(s.resends[0].after_dup_ack) << "a timeout's resend";

  // Right after a duplicate ACK, but 199 ms after its first send: a timeout's resend.
  s = ReadSender(
      kF, {Data(0, 0), Lost(Data(1, 1)), Data(2, 2), AckTo(1, 198), AckTo(1, 199), Data(1, 200)});
  ASSERT_EQ(s.resends.size(), 1u);
  EXPECT_FALSE(s.resends[0].after_dup_ack) << "a gap of 100 ms or more is a timeout's";

  s = run(2, 23);
  ASSERT_EQ(s.resends.size(), 1u);
  EXPECT_FALSE(s.resends[0].after_dup_ack) << "ACK 2 after ACK 1 is new, not a duplicate";
}

TEST(TransportFlight, ResendsWithin5MsOfEachOtherAreOneBurst) {
  ASSERT_EQ(kBurstGap, Ms(5));
  std::vector<PacketRecord> records = {Data(0, 0), Data(1, 1), Data(2, 2), Data(3, 3), Data(4, 4),
                                       // A timeout at 200 ms: all five again.
                                       Data(0, 200), Data(1, 201), Data(2, 202), Data(3, 203),
                                       Data(4, 205),
                                       // One at 400 ms: two, exactly 5 ms apart.
                                       Data(0, 400), Data(1, 405),
                                       // 6 ms later: a burst of its own.
                                       Data(2, 411)};
  SenderFlight s = ReadSender(kF, records);
  ASSERT_EQ(s.resends.size(), 8u);
  EXPECT_EQ(s.largest_burst, 5u);
  EXPECT_EQ(s.largest_burst_at, Ms(200));
  EXPECT_EQ(s.largest_burst_from, 0u);
  EXPECT_EQ(s.largest_burst_to, 4u);
  EXPECT_EQ(s.resends[4].since_burst, Ms(200)) << "in the first burst";
  EXPECT_EQ(s.resends[5].since_burst, Ms(200)) << "the second burst began 200 ms after the first";
  EXPECT_EQ(s.resends[6].since_burst, Ms(200)) << "DATA 1 at 405: still the second burst";
  EXPECT_EQ(s.resends[7].since_burst, Ms(11)) << "a third burst, 11 ms after the second began";
  EXPECT_EQ(s.resends[6].gap, Ms(204));
}

TEST(TransportFlight, ANewPacketBetweenTwoResendsEndsTheBurst) {
  std::vector<PacketRecord> records = {Data(0, 0), Data(1, 1), Data(0, 200), Data(2, 201),
                                       Data(1, 202)};
  SenderFlight s = ReadSender(kF, records);
  ASSERT_EQ(s.resends.size(), 2u);
  EXPECT_EQ(s.largest_burst, 1u) << "one resend, DATA 2 sent for the first time, one resend";
  EXPECT_EQ(s.packets, 3u);
}

TEST(TransportFlight, TheFirstBurstIsMeasuredFromTheFirstData) {
  std::vector<PacketRecord> records = {Data(0, 50), Data(1, 51), Data(0, 250), Data(1, 251),
                                       Data(0, 450)};
  SenderFlight s = ReadSender(kF, records);
  EXPECT_EQ(s.first_data, Ms(50));
  ASSERT_EQ(s.resends.size(), 3u);
  // A timer started with the first packet fires 200 ms after it.
  EXPECT_EQ(s.resends[0].since_burst, Ms(200));
  EXPECT_EQ(s.resends[1].since_burst, Ms(200));
  EXPECT_EQ(s.resends[2].since_burst, Ms(200));
  EXPECT_EQ(s.resends[0].gap, Ms(200));
}

TEST(TransportFlight, TheFinsAckLostAndTheFinsAfterIt) {
  std::vector<PacketRecord> records = {Data(0, 0, 999), AckTo(1, 20),
                                       Fin(1, 21),      Lost(AckTo(2, 32, 31), Fate::kPlannedLoss),
                                       Fin(1, 250),     AckTo(2, 260, 251)};
  SenderFlight s = ReadSender(kF, records);
  EXPECT_EQ(s.fins, 2u);
  EXPECT_TRUE(s.fin_ack_lost);
  EXPECT_EQ(s.fins_after_lost_ack, 1u);
  EXPECT_EQ(s.lost_back, 1u);
  EXPECT_EQ(s.data_packets, 1u) << "a FIN is no DATA";
  EXPECT_EQ(s.datagrams, 3u);

  // The FIN sent once: its ACK lost and nothing after.
  records.resize(4);
  s = ReadSender(kF, records);
  EXPECT_EQ(s.fins, 1u);
  EXPECT_TRUE(s.fin_ack_lost);
  EXPECT_EQ(s.fins_after_lost_ack, 0u);

  // Another ACK lost (DATA 0's) is not the FIN's.
  records = {Data(0, 0, 999), Lost(AckTo(1, 20)), Data(0, 200, 999),
             AckTo(1, 220),   Fin(1, 221),        AckTo(2, 240)};
  s = ReadSender(kF, records);
  EXPECT_FALSE(s.fin_ack_lost);
  EXPECT_EQ(s.fins_after_lost_ack, 0u);
  EXPECT_EQ(s.lost_back, 1u);
}

// ---- ReadAcks ------------------------------------------------------------------------------

TEST(TransportFlight, ReadAcksPassesTheRightCumulativeAcks) {
  std::vector<PacketRecord> records = {Given(0, 10),   AckFrom(1, 11), Given(1, 12),
                                       AckFrom(2, 13), Given(2, 14),   AckFrom(3, 15)};
  AckReading a = ReadAcks(kF, records);
  EXPECT_EQ(a.acks, 3u);
  EXPECT_FALSE(a.wrong) << "ACK " << a.wrong_value << " flagged, " << a.right_value << " right";
  EXPECT_EQ(a.bad, 0u);
  EXPECT_EQ(a.duplicates_delivered, 0u);
  EXPECT_EQ(a.corrupted_delivered, 0u);
}

TEST(TransportFlight, ReadAcksFlagsAnAckOffByOne) {
  std::vector<PacketRecord> records = {Given(0, 10), AckFrom(0, 11), Given(1, 12), AckFrom(1, 13)};
  AckReading a = ReadAcks(kF, records);
  ASSERT_TRUE(a.wrong);
  EXPECT_EQ(*a.wrong, 1u) << "the first ACK's record";
  EXPECT_EQ(a.wrong_value, 0u);
  EXPECT_EQ(a.right_value, 1u);
  EXPECT_TRUE(a.off_by_one);
  EXPECT_FALSE(a.after_corrupt);
  EXPECT_EQ(a.acks, 2u);

  // Off by two is wrong, but not off by one.
  records = {Given(0, 10), AckFrom(1, 11), Given(1, 12), AckFrom(4, 13)};
  a = ReadAcks(kF, records);
  ASSERT_TRUE(a.wrong);
  EXPECT_EQ(*a.wrong, 3u);
  EXPECT_EQ(a.wrong_value, 4u);
  EXPECT_EQ(a.right_value, 2u);
  EXPECT_FALSE(a.off_by_one);
}

TEST(TransportFlight, ReadAcksFlagsAnAckThatMovedOnACorruptedPacket) {
  std::vector<PacketRecord> records = {Given(0, 10), AckFrom(1, 11), Corrupted(Given(1, 12)),
                                       AckFrom(2, 13)};
  AckReading a = ReadAcks(kF, records);
  ASSERT_TRUE(a.wrong);
  EXPECT_EQ(*a.wrong, 3u);
  EXPECT_EQ(a.wrong_value, 2u);
  EXPECT_EQ(a.right_value, 1u);
  EXPECT_TRUE(a.after_corrupt);
  EXPECT_EQ(a.corrupted_delivered, 1u);
  EXPECT_EQ(a.corrupted_seq, 1u);

  // A duplicate ACK for it (or none) is right: the packet was dropped.
  records[3] = AckFrom(1, 13);
  a = ReadAcks(kF, records);
  EXPECT_FALSE(a.wrong) << "ACK " << a.wrong_value;
  EXPECT_FALSE(a.after_corrupt);

  // Corrupted and duplicated: the link's copy is intact, and ACK 2 answers it.
  records[2] = Duplicated(records[2]);
  records[3] = AckFrom(2, 13);
  a = ReadAcks(kF, records);
  EXPECT_FALSE(a.wrong) << "ACK " << a.wrong_value << " where " << a.right_value;
  EXPECT_EQ(a.corrupted_delivered, 1u);
}

TEST(TransportFlight, ReadAcksTakesTheCumulativeAckRepeatedWithNoNewPacket) {
  // A receiver that says its ACK again on a timer of its own: still the cumulative ACK.
  std::vector<PacketRecord> records = {Given(0, 10), AckFrom(1, 11), AckFrom(1, 50)};
  AckReading a = ReadAcks(kF, records);
  EXPECT_FALSE(a.wrong) << "ACK " << a.wrong_value;
  EXPECT_EQ(a.acks, 2u);
  records.push_back(AckFrom(2, 60));
  a = ReadAcks(kF, records);
  ASSERT_TRUE(a.wrong) << "ACK 2 with DATA 1 never given";
  EXPECT_EQ(*a.wrong, 3u);
}

TEST(TransportFlight, ReadAcksTakesTheSecondCopyOfADuplicatedPacketAsOneToAnswer) {
  // DATA 0, 1, 2 (twice), 3 (twice) come at once; the receiver answers each copy after.
  std::vector<PacketRecord> records = {
      Given(0, 10),   Given(1, 11),   Duplicated(Given(2, 12)), Duplicated(Given(3, 13)),
      AckFrom(1, 20), AckFrom(2, 21), AckFrom(3, 22),           AckFrom(3, 23),
      AckFrom(4, 24), AckFrom(4, 25)};
  AckReading a = ReadAcks(kF, records);
  EXPECT_FALSE(a.wrong) << "record " << a.wrong.value_or(0) << ": ACK " << a.wrong_value
                        << " where " << a.right_value;
  EXPECT_EQ(a.acks, 6u);
  EXPECT_EQ(a.duplicates_delivered, 2u);

  // Not duplicated, the second ACK 3 answers nothing: DATA 3 had come, so ACK 4 is due.
  records[2].duplicated = records[3].duplicated = false;
  a = ReadAcks(kF, records);
  ASSERT_TRUE(a.wrong);
  EXPECT_EQ(*a.wrong, 7u);
  EXPECT_EQ(a.duplicates_delivered, 0u);
}

TEST(TransportFlight, ReadAcksAcceptsAReceiverThatKeepsPacketsOutOfOrderAndOneThatDoesNot) {
  // DATA 2 overtakes DATA 1.
  auto with_acks = [](uint64_t a0, uint64_t a2, uint64_t a1) {
    return std::vector<PacketRecord>{Given(0, 10),    AckFrom(a0, 11), Given(2, 12),
                                     AckFrom(a2, 13), Given(1, 14),    AckFrom(a1, 15)};
  };
  AckReading keeps = ReadAcks(kF, with_acks(1, 1, 3));
  EXPECT_FALSE(keeps.wrong) << "ACK " << keeps.wrong_value;
  AckReading drops = ReadAcks(kF, with_acks(1, 1, 2));
  EXPECT_FALSE(drops.wrong) << "ACK " << drops.wrong_value;

  AckReading beyond = ReadAcks(kF, with_acks(1, 1, 4));
  ASSERT_TRUE(beyond.wrong);
  EXPECT_EQ(beyond.wrong_value, 4u);
  EXPECT_EQ(beyond.right_value, 3u) << "what a receiver that keeps them answers";
  AckReading early = ReadAcks(kF, with_acks(1, 3, 3));
  ASSERT_TRUE(early.wrong) << "ACK 3 before DATA 1 came";
  EXPECT_EQ(*early.wrong, 3u);
}

TEST(TransportFlight, ReadAcksTakesAPacketItsSocketDroppedAsNeverCome) {
  // DATA 0 to 3 given; its socket (buffer full) dropped DATA 1, so it answers 2 and 3 with
  // ACK 1; DATA 1 comes again and the ACK jumps to 4.
  std::vector<PacketRecord> records = {Given(0, 10),   Given(1, 11),   Given(2, 12),
                                       Given(3, 13),   AckFrom(1, 14), AckFrom(1, 15),
                                       AckFrom(1, 16), Given(1, 200),  AckFrom(4, 201)};
  AckReading a = ReadAcks(kF, records);
  ASSERT_TRUE(a.wrong) << "nothing dropped: ACK 1 after DATA 1 came is wrong";
  EXPECT_EQ(*a.wrong, 5u);
  EXPECT_EQ(a.right_value, 4u);
  a = ReadAcks(kF, records, 1);
  EXPECT_FALSE(a.wrong) << "ACK " << a.wrong_value << " where " << a.right_value;
  EXPECT_EQ(a.taken_as_dropped, 1u);
  EXPECT_EQ(a.data_before_fin, 5u) << "a dropped packet was still given";

  // Dropped packets do not excuse an ACK above what came (and one that says DATA 1 had come
  // leaves it not dropped).
  records.back() = AckFrom(5, 201);
  a = ReadAcks(kF, records, 4);
  EXPECT_TRUE(a.wrong);

  // Nor more ACKs below than the socket dropped: DATA 1 dropped, then (sent again with 2 and 3)
  // DATA 2; the copy of DATA 2 it had before, and threw away, is not one of them.
  records = {Given(0, 10),    Given(1, 11),    Given(2, 12),  Given(3, 13),   AckFrom(1, 14),
             AckFrom(1, 15),  AckFrom(1, 16),  Given(1, 200), Given(2, 201),  Given(3, 202),
             AckFrom(2, 203), AckFrom(2, 204), Given(2, 400), AckFrom(4, 401)};
  a = ReadAcks(kF, records, 2);
  EXPECT_FALSE(a.wrong) << "ACK " << a.wrong_value << " where " << a.right_value;
  EXPECT_EQ(a.taken_as_dropped, 2u);
  a = ReadAcks(kF, records, 1);
  ASSERT_TRUE(a.wrong);
  EXPECT_EQ(*a.wrong, 11u);

  // An off-by-one receiver is caught whatever its socket dropped: its ACK 0 taken to say DATA 0
  // was dropped, its next ACK (1) says DATA 0 had come, and the guess is undone.
  std::vector<PacketRecord> off;
  for (uint64_t j = 0; j < 6; ++j) {
    off.push_back(Given(j, 10.0 * static_cast<double>(j + 1)));
    off.push_back(AckFrom(j, 10.0 * static_cast<double>(j + 1) + 1));
  }
  a = ReadAcks(kF, off, 2);
  ASSERT_TRUE(a.wrong);
  EXPECT_EQ(*a.wrong, 1u);
  EXPECT_TRUE(a.off_by_one);
  EXPECT_EQ(a.taken_as_dropped, 0u);
}

TEST(TransportFlight, ReadAcksWantsTheFinAnsweredWithItsSeqPlusOne) {
  std::vector<PacketRecord> records = {Given(0, 10), AckFrom(1, 11), GivenFin(1, 20),
                                       AckFrom(2, 21)};
  AckReading a = ReadAcks(kF, records);
  EXPECT_FALSE(a.wrong) << "ACK " << a.wrong_value;

  records[3] = AckFrom(1, 21);
  a = ReadAcks(kF, records);
  ASSERT_TRUE(a.wrong);
  EXPECT_EQ(*a.wrong, 3u);
  EXPECT_EQ(a.right_value, 2u);

  // The FIN of an empty file: seq 0, ACK 1.
  a = ReadAcks(kF, {GivenFin(0, 10), AckFrom(1, 11)});
  EXPECT_FALSE(a.wrong) << "ACK " << a.wrong_value;
}

TEST(TransportFlight, ReadAcksCountsAnAckOfAWrongChecksumAsBad) {
  PacketRecord bad = AckFrom(1, 11);
  bad.header.checksum_wrong = true;
  AckReading a = ReadAcks(kF, {Given(0, 10), bad, AckFrom(1, 12)});
  EXPECT_EQ(a.bad, 1u);
  ASSERT_TRUE(a.first_bad);
  EXPECT_EQ(*a.first_bad, 1u);
  EXPECT_EQ(a.acks, 1u) << "only the valid one is an ACK";
  EXPECT_FALSE(a.wrong);
}

}  // namespace
}  // namespace netgrade::transport

namespace netgrade::transport {
namespace {

// packet: {acks: selective}: an ACK acknowledges its one packet, whatever came before; the
// window runs from the oldest packet not acknowledged.
TEST(AckedSoFar, ASelectiveAckMovesTheBaseOnlyWhenItsPacketIsTheOldestACumulativeOneAlways) {
  AckedSoFar selective(spec::AckKind::kSelective), cumulative(spec::AckKind::kCumulative);
  for (uint64_t seq = 0; seq < 4; ++seq) {
    selective.Sent(seq);
    cumulative.Sent(seq);
  }
  selective.Ack(2);   // packet 2 came; 0, 1 and 3 did not
  cumulative.Ack(2);  // packets 0 and 1 came
  EXPECT_EQ(selective.Sent(4), 5u) << "0 to 4: packet 0 is still the base";
  EXPECT_EQ(cumulative.Sent(4), 3u) << "2, 3 and 4";
  selective.Ack(0);
  selective.Ack(1);
  EXPECT_EQ(selective.Sent(5), 3u) << "3 to 5: 2 was acknowledged before 0 and 1";
  const uint64_t before = selective.progress();
  selective.Ack(2);
  EXPECT_EQ(selective.progress(), before) << "the same ACK again acknowledges nothing new";
  selective.Ack(3);
  EXPECT_GT(selective.progress(), before);
}

}  // namespace
}  // namespace netgrade::transport
