// A transport lab's `packet:` as the loader reads it (kinds/transport/spec_packet.cc): its
// fields, types and checksum kind, and the errors it gives at their place.
#include <gtest/gtest.h>

#include "harness/kinds/transport/spec_keys.h"
#include "harness/spec/load.h"
#include "tests/kinds/transport/spec_text.h"

namespace netgrade::spec {
namespace {

using testing_text::All;
using testing_text::kSpec;
using testing_text::OneErrorAt;
using testing_text::Replaced;

// kSpec's header with its checksum moved past len (so that it overlaps nothing) and 4 bytes
// wide.
std::string WithFourByteChecksum() {
  std::string yaml = Replaced(kSpec, "    checksum: {offset: 2, size: 2}\n", "");
  yaml = Replaced(yaml, "    len: {offset: 8, size: 2}\n",
                  "    len: {offset: 8, size: 2}\n    checksum: {offset: 10, size: 4}\n");
  return Replaced(yaml, "payload: {offset: 10,", "payload: {offset: 14,");
}

TEST(TransportSpec, AFieldPastThePayloadsOffsetIsAnError) {
  std::string yaml = Replaced(kSpec, "len: {offset: 8, size: 2}", "len: {offset: 9, size: 2}");
  OneErrorAt(yaml, "{offset: 9", "the field 'len' ends at byte 11, past the header's end at 10");
}

TEST(TransportSpec, TwoOverlappingFieldsAreAnError) {
  std::string yaml = Replaced(kSpec, "flags: {offset: 1, size: 1}", "flags: {offset: 1, size: 2}");
  OneErrorAt(yaml, "{offset: 2, size: 2}", "the fields 'flags' and 'checksum' overlap");
}

TEST(TransportSpec, AChecksumOfFourBytesIsAnError) {
  OneErrorAt(WithFourByteChecksum(), "{offset: 10, size: 4}", "the Internet checksum is 2 bytes");
}

TEST(TransportSpec, ACrc32OfFourBytesLoads) {
  std::string yaml = Replaced(WithFourByteChecksum(), "packet:\n", "packet:\n  checksum: crc32\n");
  LoadResult loaded = LoadSpecString(yaml, "f.yaml");
  ASSERT_TRUE(loaded.ok()) << All(loaded);
  EXPECT_EQ(transport::PacketOf(*loaded.spec)->checksum, ChecksumKind::kCrc32);
  OneErrorAt(Replaced(kSpec, "packet:\n", "packet:\n  checksum: crc32\n"), "{offset: 2, size: 2}",
             "a CRC-32 is 4 bytes, found 2");
  OneErrorAt(Replaced(kSpec, "packet:\n", "packet:\n  checksum: md5\n"), "md5",
             "internet, crc32, none");
}

TEST(TransportSpec, NoChecksumHasNoFieldAndNoCorruption) {
  const std::string corrupting = Replaced(kSpec, "packet:\n", "packet:\n  checksum: none\n");
  std::string none = Replaced(corrupting, ", back: {corrupt_at: [2, 5]}", "");
  OneErrorAt(none, "{offset: 2, size: 2}", "'checksum: none' says the packets carry no checksum");
  OneErrorAt(Replaced(corrupting, "    checksum: {offset: 2, size: 2}\n", ""), "{delay: 5ms, back",
             "case 'r' corrupts packets, but 'packet' says 'checksum: none'");
  none = Replaced(none, "    checksum: {offset: 2, size: 2}\n", "");
  LoadResult loaded = LoadSpecString(none, "f.yaml");
  ASSERT_TRUE(loaded.ok()) << All(loaded);
  EXPECT_EQ(transport::PacketOf(*loaded.spec)->checksum, ChecksumKind::kNone);
  OneErrorAt(Replaced(none, "queue: 100", "queue: 100, corrupt: 1%"), "{rate",
             "corrupts packets, but 'packet' says 'checksum: none'");
}

TEST(TransportSpec, TwoTypesOfOneValueAreAnError) {
  OneErrorAt(
      Replaced(kSpec, "types: {data: 0, ack: 1, fin: 2}", "types: {data: 0, ack: 1, fin: 1}"),
      "{data: 0", "the types must differ: data 0, ack 1, fin 1");
}

TEST(TransportSpec, APacketWithoutSeqIsAnError) {
  std::string yaml = Replaced(kSpec, "    seq: {offset: 4, size: 4}\n", "");
  OneErrorAt(yaml, "type: {offset: 0", "'fields' has no 'seq'");
}

}  // namespace
}  // namespace netgrade::spec

namespace netgrade::spec {
namespace {

using testing_text::All;
using testing_text::kSpec;
using testing_text::OneErrorAt;
using testing_text::Replaced;

TEST(TransportSpecAcks, SelectiveAcksLoadAndTheDefaultIsCumulative) {
  LoadResult plain = LoadSpecString(kSpec, "f.yaml");
  ASSERT_TRUE(plain.errors.empty()) << All(plain);
  EXPECT_EQ(transport::PacketOf(*plain.spec)->acks, AckKind::kCumulative);
  LoadResult r = LoadSpecString(
      Replaced(Replaced(kSpec, "  byte_order: big\n", "  byte_order: big\n  acks: selective\n"),
               "expect: {acks: cumulative}", "expect: {acks: selective}"),
      "f.yaml");
  ASSERT_TRUE(r.errors.empty()) << All(r);
  EXPECT_EQ(transport::PacketOf(*r.spec)->acks, AckKind::kSelective);
  EXPECT_EQ(transport::ExpectOf(r.spec->cases[1].expect)->acks_as, AckKind::kSelective);
}

TEST(TransportSpecAcks, AReceiversAcksJudgedOtherwiseThanThePacketSaysIsAnError) {
  OneErrorAt(Replaced(kSpec, "  byte_order: big\n", "  byte_order: big\n  acks: selective\n"),
             "cumulative}", "'packet' says 'acks: selective'");
}

TEST(TransportSpecAcks, AnAckKindNotKnownIsAnError) {
  OneErrorAt(Replaced(kSpec, "  byte_order: big\n", "  byte_order: big\n  acks: negative\n"),
             "negative", "acks");
}

}  // namespace
}  // namespace netgrade::spec
