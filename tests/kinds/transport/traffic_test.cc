// What is wrong with a packet the program sent (traffic.cc's CheckForm), as the judge finds it
// through the kind's checks: each malformed packet named by its code and why.
#include "harness/kinds/transport/traffic.h"

#include <gtest/gtest.h>

#include <memory>

#include "harness/kinds/transport/codes.h"
#include "tests/kinds/transport/traffic_fixture.h"
#include "tests/support/words_golden.h"

namespace netgrade::transport {
namespace {

using namespace testing_traffic;  // NOLINT
using testing_support::ExpectWords;

TEST(TransportForm, AChecksumOfZeroIsBadChecksumNeverComputed) {
  Transfer t(true, 3000, 20);
  ExpectClean(t.expect(), 20);
  std::vector<uint8_t> p = Packet(kF.type_data, 0, t.Payload(0));
  p[2] = p[3] = 0;
  t.Sent(p, 0);
  Finding f = t.Judge();
  EXPECT_EQ(f.code, Code::kBadChecksum) << f.Text();
  ExpectWords(f);
  // Kept beside the golden block: the test's point is the words its name says, a checksum of
  // zero told as one never computed (bad_checksum alone does not say which).
  EXPECT_TRUE(Says(f.cause, "never computed")) << f.cause;
}

TEST(TransportForm, ALittleEndianLenIsHostByteOrder) {
  Transfer t(true, 3000, 20);
  ExpectClean(t.expect(), 20);
  PacketFormat little = kF;
  little.byte_order = ByteOrder::kLittle;
  std::string_view payload = t.Payload(0);
  t.Sent(Encode(little, kF.type_data, 0, std::vector<uint8_t>(payload.begin(), payload.end())), 0);
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kHostByteOrder) << f.Text();
  ExpectWords(f);
}

TEST(TransportForm, APayloadOver1000BytesIsPayloadTooBig) {
  Transfer t(true, 3000, 20);
  ExpectClean(t.expect(), 20);
  std::string_view payload = std::string_view(t.file()).substr(0, 1001);
  t.Sent(Packet(kF.type_data, 0, payload), 0);
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kPayloadTooBig) << f.Text();
  ExpectWords(f);
}

// A sender whose resend came too soon by netgrade's clock, while netgrade itself was held up
// (its link's timers fired 600 ms late): the times are netgrade's, and the verdict is its
// problem, the judgment kept as a note. Held up less, the judgment stands; a malformed packet
// stands however late netgrade ran.
TEST(TransportHeldUp, AJudgmentOfTimesWhileNetgradeWasHeldUpIsTheGradersProblem) {
  auto resends_early = [](double late_ms) {
    auto t = std::make_unique<Transfer>(true, 3000, 2);
    ExpectClean(t->expect(), 20);
    t->expect().in_flight_reaching.reset();
    t->Data(0, 0);
    t->Data(1, 0.1);
    t->Data(0, 20);
    t->Data(0, 40);
    t->AckTo(2, 50);
    t->Data(2, 110);
    t->Data(0, 200);
    t->Fin(201);
    t->AckTo(3, 150);
    t->AckTo(4, 251);
    t->Delivered(251);
    t->Sort();
    t->evidence().timers_late_ms = late_ms;
    return t->Judge();
  };
  EXPECT_EQ(resends_early(20).code, transport::Codes::kResendTooSoon);
  EXPECT_EQ(resends_early(kHeldUpAtLeastMs).code, transport::Codes::kResendTooSoon)
      << "at the bound: stands";
  Finding held = resends_early(600);
  EXPECT_EQ(held.code, Code::kGraderProblem) << held.Text();
  EXPECT_EQ(held.notes.size(), 1u) << "the judgment, kept as a note";
  ExpectWords(held);

  Transfer little(true, 3000, 20);
  ExpectClean(little.expect(), 20);
  PacketFormat order = kF;
  order.byte_order = ByteOrder::kLittle;
  std::string_view payload = little.Payload(0);
  little.Sent(Encode(order, kF.type_data, 0, std::vector<uint8_t>(payload.begin(), payload.end())),
              0);
  little.evidence().timers_late_ms = 600;
  EXPECT_EQ(little.Judge().code, transport::Codes::kHostByteOrder);
  Transfer unsummed(true, 3000, 20);
  ExpectClean(unsummed.expect(), 20);
  std::vector<uint8_t> p = Packet(kF.type_data, 0, unsummed.Payload(0));
  p[2] = p[3] = 0;
  unsummed.Sent(p, 0);
  unsummed.evidence().timers_late_ms = 600;
  EXPECT_EQ(unsummed.Judge().code, Code::kBadChecksum);
}

TEST(TransportForm, AnObservationWithoutTransportEvidenceIsNotJudged) {
  observe::Observation obs;
  EXPECT_TRUE(CheckTraffic(obs).ok());
}

}  // namespace
}  // namespace netgrade::transport
