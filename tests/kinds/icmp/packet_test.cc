#include "harness/kinds/icmp/packet.h"

#include <gtest/gtest.h>

namespace netgrade::icmp {
namespace {

uint32_t Ip(const char* text) {
  uint32_t a = 0;
  EXPECT_TRUE(ParseAddress(text, &a)) << text;
  return a;
}

// The ICMP message of a packet Build made (after its 20-byte IPv4 header).
std::string Message(const std::string& packet) { return packet.substr(20); }

TEST(IcmpChecksum, MatchesRfc1071sExampleAndSumsToZeroWithItself) {
  // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2; the checksum is its
  // complement.
  EXPECT_EQ(Checksum(std::string("\x00\x01\xf2\x03\xf4\xf5\xf6\xf7", 8)), 0x220d);
  std::string p = Build(Ip("10.0.0.2"), Ip("192.0.2.7"), 64, kEchoRequest, 0, 0x1234, 1, "abc");
  EXPECT_EQ(Checksum(Message(p)), 0) << "an odd length too";
  EXPECT_EQ(Checksum(std::string_view(p).substr(0, 20)), 0) << "the IPv4 header's";
}

TEST(IcmpParse, ReadsAnEchoRequestsFields) {
  std::string p = Build(Ip("10.0.0.2"), Ip("192.0.2.7"), 3, kEchoRequest, 0, 0xbeef, 0x0100,
                        std::string(8, 'x'));
  std::optional<Packet> got = Parse(p);
  ASSERT_TRUE(got);
  EXPECT_EQ(AddressText(got->source), "10.0.0.2");
  EXPECT_EQ(AddressText(got->destination), "192.0.2.7");
  EXPECT_EQ(got->ttl, 3);
  ASSERT_TRUE(got->icmp);
  EXPECT_EQ(got->icmp->type, kEchoRequest);
  EXPECT_EQ(got->icmp->identifier, 0xbeef);
  EXPECT_EQ(got->icmp->sequence, 0x0100);
  EXPECT_TRUE(got->icmp->checksum_ok);
  EXPECT_EQ(got->icmp->data, std::string(8, 'x'));
  EXPECT_FALSE(got->quoted);
}

TEST(IcmpParse, FindsABadChecksumAndRefusesWhatIsNoIpv4) {
  std::string p = Build(Ip("10.0.0.2"), Ip("192.0.2.7"), 64, kEchoRequest, 0, 1, 1, "data");
  p[22] ^= 0x01;
  ASSERT_TRUE(Parse(p));
  EXPECT_FALSE(Parse(p)->icmp->checksum_ok);
  std::string why;
  EXPECT_FALSE(Parse("short", &why));
  EXPECT_EQ(why, "shorter than an IPv4 header");
  std::string v6 = p;
  v6[0] = 0x65;
  EXPECT_FALSE(Parse(v6, &why));
  EXPECT_EQ(why, "not IPv4");
}

TEST(IcmpParse, ReadsTheRequestATimeExceededQuotes) {
  std::string request = Build(Ip("10.0.0.2"), Ip("192.0.2.7"), 1, kEchoRequest, 0, 77, 5, "pay");
  std::string quote = request.substr(0, 28);
  std::string error = Build(Ip("10.1.0.1"), Ip("10.0.0.2"), 64, kTimeExceeded, 0, 0, 0, quote);
  std::optional<Packet> got = Parse(error);
  ASSERT_TRUE(got && got->icmp && got->quoted);
  EXPECT_EQ(got->icmp->type, kTimeExceeded);
  EXPECT_EQ(got->quoted->identifier, 77);
  EXPECT_EQ(got->quoted->sequence, 5);
  EXPECT_EQ(got->quoted_ttl, 1);
  EXPECT_EQ(AddressText(got->quoted_destination), "192.0.2.7");
}

TEST(IcmpSequenceOrder, TakesEitherByteOrderAndSaysWhichOne) {
  EXPECT_EQ(SequenceOrder(1, 1), ByteOrder::kNetwork);
  EXPECT_EQ(SequenceOrder(0x0100, 1), ByteOrder::kSwapped);
  EXPECT_EQ(SequenceOrder(0x0101, 257), ByteOrder::kBoth);
  EXPECT_EQ(SequenceOrder(2, 1), ByteOrder::kNeither);
}

// A message whose checksum field holds `checksum`.
std::string WithChecksum(std::string message, uint16_t checksum) {
  message[2] = static_cast<char>(checksum >> 8);
  message[3] = static_cast<char>(checksum & 0xff);
  return message;
}

TEST(IcmpChecksumMistake, NamesTheUsualMistakesAndNothingForARightOne) {
  std::string m = Message(Build(1, 2, 64, kEchoRequest, 0, 0x1234, 1, "0123456789"));
  uint16_t right =
      static_cast<uint16_t>(static_cast<uint8_t>(m[2]) << 8 | static_cast<uint8_t>(m[3]));
  EXPECT_EQ(ChecksumMistake(m), "");
  EXPECT_NE(ChecksumMistake(WithChecksum(m, Swap16(right))).find("swapped"), std::string::npos);
  EXPECT_NE(ChecksumMistake(WithChecksum(m, static_cast<uint16_t>(~right))).find("complement"),
            std::string::npos);
  std::string header = WithChecksum(m, 0).substr(0, 8);
  EXPECT_NE(ChecksumMistake(WithChecksum(m, Checksum(header))).find("only the 8-byte header"),
            std::string::npos);
  EXPECT_EQ(ChecksumMistake(WithChecksum(m, 0x0bad)), "") << "nothing explains a random one";
}

TEST(IcmpChecksumMistake, NamesAnOddByteSummedOnTheWrongSide) {
  std::string m = Message(Build(1, 2, 64, kEchoRequest, 0, 0x1234, 1, "abc"));  // 11 bytes
  std::string zeroed = WithChecksum(m, 0);
  // The wrong sum: the odd last byte 'c' as a low byte.
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < zeroed.size(); i += 2)
    sum += static_cast<uint32_t>(static_cast<uint8_t>(zeroed[i]) << 8 |
                                 static_cast<uint8_t>(zeroed[i + 1]));
  sum += static_cast<uint8_t>('c');
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  EXPECT_NE(ChecksumMistake(WithChecksum(m, static_cast<uint16_t>(~sum))).find("odd byte"),
            std::string::npos);
}

}  // namespace
}  // namespace netgrade::icmp
