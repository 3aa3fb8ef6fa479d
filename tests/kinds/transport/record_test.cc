// A datagram's header as a transport case records it (HeaderOf) and says it (DescribeHeader).
#include "harness/kinds/transport/record.h"

#include <gtest/gtest.h>

namespace netgrade::transport {
namespace {

const PacketFormat kF = PacketFormat::ReliableTransfer();

std::vector<uint8_t> Packet(uint64_t type, uint64_t seq, size_t len) {
  std::vector<uint8_t> payload(len, 0x5a);
  return Encode(kF, type, seq, payload);
}

// The record's words for `bytes`, as the transcript says them.
std::string Said(const std::vector<uint8_t>& bytes) {
  return DescribeHeader(kF, HeaderOf(Decode(kF, bytes)), bytes.size());
}

TEST(TransportRecord, HeaderOfKeepsEveryFieldAndVerdictOfTheDecode) {
  std::vector<uint8_t> p = Packet(kF.type_data, 0x01020304, 20);
  p[8] = 0xe8;  // len 0xe814: wrong, and wrong the other way round too
  Decoded d = Decode(kF, p);
  Header h = HeaderOf(d);
  EXPECT_EQ(h.type, d.type);
  EXPECT_EQ(h.seq, 0x01020304u);
  EXPECT_EQ(h.len, 0xe814u);
  EXPECT_EQ(h.seq_swapped, 0x04030201u);
  EXPECT_EQ(h.len_swapped, 0x14e8u);
  EXPECT_TRUE(h.length_wrong);
  EXPECT_TRUE(h.checksum_wrong) << "len changed after the checksum";
  EXPECT_EQ(h.checksum_wrong, d.checksum_wrong);
  EXPECT_FALSE(h.too_short);
  EXPECT_FALSE(h.valid());

  std::vector<uint8_t> zero = Packet(kF.type_data, 1, 10);
  zero[2] = zero[3] = 0;
  h = HeaderOf(Decode(kF, zero));
  EXPECT_TRUE(h.checksum_zero);
  EXPECT_FALSE(h.checksum_swapped);
  std::vector<uint8_t> swapped = Packet(kF.type_data, 1, 10);
  std::swap(swapped[2], swapped[3]);
  h = HeaderOf(Decode(kF, swapped));
  EXPECT_TRUE(h.checksum_swapped);
  EXPECT_FALSE(h.checksum_zero);

  EXPECT_TRUE(HeaderOf(Decode(kF, std::vector<uint8_t>(4, 0))).too_short);
  EXPECT_TRUE(HeaderOf(Decode(kF, Packet(kF.type_ack, 4, 0))).valid());
}

TEST(TransportRecord, DescribeHeaderTakesThePayloadsLengthFromTheSize) {
  EXPECT_EQ(Said(Packet(kF.type_data, 3, 1000)), "DATA seq=3 len=1000");
  EXPECT_EQ(Said(Packet(kF.type_ack, 4, 0)), "ACK seq=4");
  EXPECT_EQ(Said(Packet(kF.type_fin, 12, 0)), "FIN seq=12");
  EXPECT_EQ(Said(Packet(kF.type_data, 0, 0)), "DATA seq=0 len=0");
  // The same as Describe() on the datagram itself.
  std::vector<uint8_t> p = Packet(kF.type_data, 5, 700);
  EXPECT_EQ(Said(p), Describe(kF, Decode(kF, p)));

  // len says 20, but 12 bytes follow: the size says how many.
  std::vector<uint8_t> cut = Packet(kF.type_data, 0, 20);
  cut.resize(kF.header_size() + 12);
  EXPECT_EQ(Said(cut), "DATA seq=0 len=20 (len 20 but 12 bytes follow, checksum wrong)");
  EXPECT_EQ(Said(cut), Describe(kF, Decode(kF, cut)));
  // A record's size alone, with no bytes: 1001 bytes of payload where len says 1000.
  Header h = HeaderOf(Decode(kF, Packet(kF.type_data, 2, 1000)));
  EXPECT_EQ(DescribeHeader(kF, h, kF.header_size() + 1001),
            "DATA seq=2 len=1000 (len 1000 but 1001 bytes follow)");

  std::vector<uint8_t> zero = Packet(kF.type_data, 1, 10);
  zero[2] = zero[3] = 0;
  EXPECT_EQ(Said(zero), "DATA seq=1 len=10 (checksum wrong: never computed)");
  EXPECT_EQ(Said(std::vector<uint8_t>(4, 0)), "shorter than the 10-byte header");
}

// Two copies' records, each in the order it was seen, become one in that order: the
// transcript of a case of two copies.
TEST(Merged, InterleavesTwoCopiesRecordsByWhenEachWasSeen) {
  auto at = [](int ms, int copy) {
    PacketRecord r;
    r.seen = Micros{ms * 1000};
    r.copy = copy;
    return r;
  };
  std::vector<PacketRecord> first = {at(0, 0), at(5, 0), at(9, 0)};
  std::vector<PacketRecord> second = {at(3, 1), at(7, 1)};
  std::vector<PacketRecord> both = Merged(first, second);
  std::vector<int> order;
  for (const PacketRecord& r : both) order.push_back(static_cast<int>(r.seen.count() / 1000));
  EXPECT_EQ(order, (std::vector<int>{0, 3, 5, 7, 9}));
  EXPECT_EQ(both[1].copy, 1);
  EXPECT_TRUE(Merged({}, {}).empty());
}

}  // namespace
}  // namespace netgrade::transport
