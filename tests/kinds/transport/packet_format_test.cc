#include "harness/kinds/transport/packet_format.h"

#include <gtest/gtest.h>

namespace netgrade::transport {
namespace {

const PacketFormat kFormat = PacketFormat::ReliableTransfer();

std::vector<uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

// `packet` with its checksum field set to `value` (big-endian).
std::vector<uint8_t> WithChecksum(std::vector<uint8_t> packet, uint16_t value) {
  packet[2] = static_cast<uint8_t>(value >> 8);
  packet[3] = static_cast<uint8_t>(value & 0xff);
  return packet;
}

TEST(TransportChecksum, MatchesRfc1071sExampleAndPadsAnOddByteAfter) {
  // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2; the checksum is ~ddf2.
  std::vector<uint8_t> rfc = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(InternetChecksum(rfc), 0x220d);
  // An odd last byte is the high byte of a word: 01 02 03 is 0102 + 0300.
  std::vector<uint8_t> odd = {0x01, 0x02, 0x03};
  EXPECT_EQ(InternetChecksum(odd), static_cast<uint16_t>(~(0x0102 + 0x0300)));
  EXPECT_EQ(InternetChecksum({}), 0xffff);
}

TEST(TransportFormat, ReliableTransfersHeaderIsValid) {
  EXPECT_EQ(kFormat.Problem(), "");
  EXPECT_EQ(kFormat.header_size(), 10u);
  ASSERT_NE(kFormat.Find("seq"), nullptr);
  EXPECT_EQ(kFormat.Find("seq")->offset, 4u);
  EXPECT_EQ(kFormat.Find("nothing"), nullptr);
  PacketFormat bad = kFormat;
  bad.fields[4].offset = 9;  // len at 9..10: past the 10-byte header
  EXPECT_EQ(bad.Problem(), "field \"len\" ends past the header");
  bad.fields.pop_back();
  EXPECT_EQ(bad.Problem(), "no field \"len\"");
}

// The advice for a header of the lab's own: its fields in their order, struct's format for them
// (an instructor's lab got reliable-transfer's "!BBHIH" for a header seq, len, checksum, type).
TEST(TransportFormat, TheStructFormatAndFieldOrderAreTheHeadersOwn) {
  EXPECT_EQ(StructFormat(kFormat), "!BBHIH");
  EXPECT_EQ(FieldOrder(kFormat), "type, flags, checksum, seq, len");
  PacketFormat own;
  own.byte_order = ByteOrder::kLittle;
  own.fields = {{"type", 10, 2}, {"seq", 0, 4}, {"len", 4, 2}, {"checksum", 6, 2}};
  own.payload_offset = 14;  // bytes 8 and 9, 12 and 13 unused
  EXPECT_EQ(StructFormat(own), "<IHHxxHxx");
  EXPECT_EQ(FieldOrder(own), "seq, len, checksum, type");
}

TEST(TransportCodec, EncodesTheContractsBytesAndDecodesThemBack) {
  std::vector<uint8_t> payload = Bytes("hello");  // odd: the checksum pads it
  std::vector<uint8_t> p = Encode(kFormat, kFormat.type_data, 0x01020304, payload);
  ASSERT_EQ(p.size(), 15u);
  std::vector<uint8_t> header(p.begin(), p.begin() + 10);
  std::vector<uint8_t> want = {0, 0, p[2], p[3], 1, 2, 3, 4, 0, 5};
  EXPECT_EQ(header, want);
  EXPECT_EQ(InternetChecksum(p), 0) << "a packet holding its checksum sums to 0xffff";
  Decoded d = Decode(kFormat, p);
  EXPECT_TRUE(d.valid());
  EXPECT_EQ(d.type, kFormat.type_data);
  EXPECT_EQ(d.seq, 0x01020304u);
  EXPECT_EQ(d.len, 5u);
  EXPECT_EQ(std::vector<uint8_t>(d.payload.begin(), d.payload.end()), payload);
  EXPECT_EQ(d.seq_swapped, 0x04030201u);
  EXPECT_EQ(d.len_swapped, 0x0500u);
  EXPECT_EQ(Describe(kFormat, d), "DATA seq=16909060 len=5");
  EXPECT_EQ(Describe(kFormat, Decode(kFormat, Encode(kFormat, 1, 4, {}))), "ACK seq=4");
  EXPECT_EQ(Describe(kFormat, Decode(kFormat, Encode(kFormat, 2, 12, {}))), "FIN seq=12");
  EXPECT_EQ(Describe(kFormat, Decode(kFormat, Encode(kFormat, 7, 5, {}))), "type 7 seq=5 len=0");
}

TEST(TransportCodec, ALittleEndianFormatRoundTrips) {
  PacketFormat little = kFormat;
  little.byte_order = ByteOrder::kLittle;
  std::vector<uint8_t> p = Encode(little, little.type_ack, 258, Bytes("abcd"));
  EXPECT_EQ(p[4], 2);
  EXPECT_EQ(p[5], 1);
  Decoded d = Decode(little, p);
  EXPECT_TRUE(d.valid());
  EXPECT_EQ(d.seq, 258u);
  EXPECT_EQ(d.seq_swapped, 0x02010000u);
}

TEST(TransportCodec, FindsAShortDatagramAndAWrongLength) {
  std::vector<uint8_t> runt(9, 0);
  Decoded d = Decode(kFormat, runt);
  EXPECT_TRUE(d.too_short);
  EXPECT_FALSE(d.valid());
  EXPECT_EQ(Describe(kFormat, d), "shorter than the 10-byte header");

  std::vector<uint8_t> p = Encode(kFormat, kFormat.type_data, 3, Bytes("0123456789"));
  p[9] = 20;  // len 20, 10 bytes follow
  p = WithChecksum(p, 0);
  p = WithChecksum(p, InternetChecksum(p));
  d = Decode(kFormat, p);
  EXPECT_TRUE(d.length_wrong);
  EXPECT_FALSE(d.checksum_wrong);
  EXPECT_EQ(d.payload.size(), 10u);
  EXPECT_EQ(Describe(kFormat, d), "DATA seq=3 len=20 (len 20 but 10 bytes follow)");

  std::vector<uint8_t> big(1001, 'x');
  d = Decode(kFormat, Encode(kFormat, kFormat.type_data, 0, big));
  EXPECT_TRUE(d.length_wrong) << "over payload_max";
  EXPECT_FALSE(d.checksum_wrong);
  EXPECT_EQ(Describe(kFormat, d), "DATA seq=0 len=1001 (len over 1000)");
}

TEST(TransportCodec, NamesEachWayAChecksumIsWrong) {
  std::vector<uint8_t> payload = Bytes("a payload of some bytes");
  std::vector<uint8_t> right = Encode(kFormat, kFormat.type_data, 7, payload);
  uint16_t sum = static_cast<uint16_t>(right[2] << 8 | right[3]);
  ASSERT_NE(sum, static_cast<uint16_t>(sum << 8 | sum >> 8)) << "a swap must change it";
  EXPECT_FALSE(Decode(kFormat, right).checksum_wrong);

  Decoded zero = Decode(kFormat, WithChecksum(right, 0));
  EXPECT_TRUE(zero.checksum_wrong && zero.checksum_zero);
  EXPECT_FALSE(zero.checksum_swapped || zero.checksum_header_only || zero.checksum_payload_only);
  EXPECT_EQ(Describe(kFormat, zero), "DATA seq=7 len=23 (checksum wrong: never computed)");

  Decoded swapped =
      Decode(kFormat, WithChecksum(right, static_cast<uint16_t>(sum << 8 | sum >> 8)));
  EXPECT_TRUE(swapped.checksum_wrong && swapped.checksum_swapped);
  EXPECT_FALSE(swapped.checksum_zero || swapped.checksum_header_only);

  std::vector<uint8_t> header = WithChecksum(right, 0);
  header.resize(10);
  Decoded header_only = Decode(kFormat, WithChecksum(right, InternetChecksum(header)));
  EXPECT_TRUE(header_only.checksum_wrong && header_only.checksum_header_only);
  EXPECT_FALSE(header_only.checksum_zero || header_only.checksum_swapped ||
               header_only.checksum_payload_only);
  EXPECT_EQ(Describe(kFormat, header_only),
            "DATA seq=7 len=23 (checksum wrong: of the header only)");

  Decoded payload_only = Decode(kFormat, WithChecksum(right, InternetChecksum(payload)));
  EXPECT_TRUE(payload_only.checksum_wrong && payload_only.checksum_payload_only);
  EXPECT_FALSE(payload_only.checksum_zero || payload_only.checksum_swapped ||
               payload_only.checksum_header_only);

  std::vector<uint8_t> flipped = right;
  flipped[15] ^= 0x10;  // one payload bit
  Decoded corrupt = Decode(kFormat, flipped);
  EXPECT_TRUE(corrupt.checksum_wrong);
  EXPECT_FALSE(corrupt.checksum_zero || corrupt.checksum_swapped || corrupt.checksum_header_only ||
               corrupt.checksum_payload_only);
  EXPECT_EQ(Describe(kFormat, corrupt), "DATA seq=7 len=23 (checksum wrong)");
}

// reliable-transfer's header with a 4-byte CRC-32 where the Internet checksum was: type(1)
// flags(1) pad(2) seq(4) len(2) crc(4), then the payload.
PacketFormat Crc32Format() {
  PacketFormat f = PacketFormat::ReliableTransfer();
  f.checksum = ChecksumKind::kCrc32;
  f.fields[2] = {"checksum", 10, 4};
  f.payload_offset = 14;
  return f;
}

TEST(TransportChecksum, Crc32IsZlibs) {
  // The CRC catalogue's check value of CRC-32/ISO-HDLC, which zlib.crc32(b"123456789") gives.
  EXPECT_EQ(Crc32(Bytes("123456789")), 0xCBF43926u);
  EXPECT_EQ(Crc32({}), 0u);
  EXPECT_EQ(ChecksumSize(ChecksumKind::kCrc32), 4u);
  EXPECT_EQ(ChecksumSize(ChecksumKind::kNone), 0u);
}

TEST(TransportCodec, ACrc32FormatRoundTripsAndNamesEachWayItsChecksumIsWrong) {
  const PacketFormat f = Crc32Format();
  EXPECT_EQ(f.Problem(), "");
  std::vector<uint8_t> payload = Bytes("a payload of some bytes");
  std::vector<uint8_t> right = Encode(f, f.type_data, 7, payload);
  ASSERT_EQ(right.size(), 14 + payload.size());
  std::vector<uint8_t> zeroed = right;
  std::fill(zeroed.begin() + 10, zeroed.begin() + 14, 0);
  const uint32_t crc = Crc32(zeroed);
  EXPECT_EQ(ReadField(f, *f.Find("checksum"), right), crc) << "of the packet with the field 0";
  Decoded d = Decode(f, right);
  EXPECT_TRUE(d.valid());
  EXPECT_EQ(d.seq, 7u);

  auto with = [&](uint32_t v) {
    std::vector<uint8_t> p = right;
    WriteField(f, *f.Find("checksum"), v, p);
    return Decode(f, p);
  };
  const uint32_t reversed = __builtin_bswap32(crc);
  ASSERT_NE(reversed, crc);
  Decoded swapped = with(reversed);
  EXPECT_TRUE(swapped.checksum_wrong && swapped.checksum_swapped);
  EXPECT_TRUE(with(0).checksum_zero);
  std::vector<uint8_t> header(zeroed.begin(), zeroed.begin() + 14);
  EXPECT_TRUE(with(Crc32(header)).checksum_header_only);
  EXPECT_TRUE(with(Crc32(payload)).checksum_payload_only);
  Decoded other = with(crc ^ 1);
  EXPECT_TRUE(other.checksum_wrong);
  EXPECT_FALSE(other.checksum_zero || other.checksum_swapped || other.checksum_header_only ||
               other.checksum_payload_only);

  PacketFormat narrow = f;
  narrow.fields[2].size = 2;
  EXPECT_EQ(narrow.Problem(), "the checksum field is not of 4 bytes");
}

TEST(TransportCodec, AFormatWithNoChecksumTakesAnyBytes) {
  PacketFormat f = PacketFormat::ReliableTransfer();
  f.checksum = ChecksumKind::kNone;
  EXPECT_EQ(f.Problem(), "a checksum field, with no checksum");
  f.fields.erase(f.fields.begin() + 2);
  EXPECT_EQ(f.Problem(), "");
  std::vector<uint8_t> p = Encode(f, f.type_data, 3, Bytes("abc"));
  EXPECT_EQ(p[2], 0);
  EXPECT_EQ(p[3], 0);
  p[12] ^= 0x10;  // a bit flipped in the payload: nothing can tell
  EXPECT_TRUE(Decode(f, p).valid());
}

TEST(TransportWords, TheChecksumIsNamedWithWhatComputesItAndHowToWriteIt) {
  PacketFormat f = PacketFormat::ReliableTransfer();
  EXPECT_EQ(ChecksumInWords(f), "the Internet checksum (RFC 1071)");
  EXPECT_EQ(PackChecksumInWords(f), "struct.pack(\"!H\") or htons()");
  f = Crc32Format();
  EXPECT_NE(ChecksumInWords(f).find("zlib.crc32()"), std::string::npos);
  EXPECT_EQ(PackChecksumInWords(f), "struct.pack(\"!I\") or htonl()");
  f.byte_order = ByteOrder::kLittle;
  EXPECT_EQ(PackChecksumInWords(f), "struct.pack(\"<I\")");
}

}  // namespace
}  // namespace netgrade::transport
