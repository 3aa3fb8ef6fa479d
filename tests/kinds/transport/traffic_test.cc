// What is wrong with a packet the program sent (traffic.cc's CheckForm), as the judge finds it
// through the kind's checks: each malformed packet named by its code and why.
#include "harness/kinds/transport/traffic.h"

#include <gtest/gtest.h>

#include "tests/kinds/transport/traffic_fixture.h"

namespace netgrade::transport {
namespace {

using namespace testing_traffic;  // NOLINT

TEST(TransportForm, AChecksumOfZeroIsBadChecksumNeverComputed) {
  Transfer t(true, 3000, 20);
  ExpectClean(t.expect(), 20);
  std::vector<uint8_t> p = Packet(kF.type_data, 0, t.Payload(0));
  p[2] = p[3] = 0;
  t.Sent(p, 0);
  Finding f = t.Judge();
  EXPECT_EQ(f.code, Code::kBadChecksum) << f.Text();
  EXPECT_TRUE(Says(f.cause, "never computed"));
  EXPECT_TRUE(Says(f.cause, "DATA packet 0"));
}

TEST(TransportForm, ALittleEndianLenIsHostByteOrder) {
  Transfer t(true, 3000, 20);
  ExpectClean(t.expect(), 20);
  PacketFormat little = kF;
  little.byte_order = ByteOrder::kLittle;
  std::string_view payload = t.Payload(0);
  t.Sent(Encode(little, kF.type_data, 0, std::vector<uint8_t>(payload.begin(), payload.end())), 0);
  Finding f = t.Judge();
  EXPECT_EQ(f.code, Code::kHostByteOrder) << f.Text();
  EXPECT_TRUE(Says(f.cause, "machine's byte order"));
  EXPECT_TRUE(Says(f.cause, "(bytes e8 03)")) << "len 1000 written little-endian";
}

TEST(TransportForm, APayloadOver1000BytesIsPayloadTooBig) {
  Transfer t(true, 3000, 20);
  ExpectClean(t.expect(), 20);
  std::string_view payload = std::string_view(t.file()).substr(0, 1001);
  t.Sent(Packet(kF.type_data, 0, payload), 0);
  Finding f = t.Judge();
  EXPECT_EQ(f.code, Code::kPayloadTooBig) << f.Text();
  EXPECT_TRUE(Says(f.cause, "1001 bytes of payload"));
}

TEST(TransportForm, AnObservationWithoutTransportEvidenceIsNotJudged) {
  observe::Observation obs;
  EXPECT_TRUE(CheckTraffic(obs).ok());
}

}  // namespace
}  // namespace netgrade::transport
