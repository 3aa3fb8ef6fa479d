// A student's receiver judged from its ACKs and its file (receiver_checks.cc), on a record made
// by hand: each mistake named by its code and the words that say it.
#include <gtest/gtest.h>

#include "harness/kinds/transport/traffic.h"
#include "tests/kinds/transport/traffic_fixture.h"

namespace netgrade::transport {
namespace {

using namespace testing_traffic;  // NOLINT

TEST(TransportReceiverChecks, AReceiverThatAnswersRightAndWritesTheFilePasses) {
  Transfer t(false, 2500, 8);
  t.expect().acks = true;
  for (uint64_t j = 0; j < 3; ++j) {
    t.Given(j, 10.0 * static_cast<double>(j + 1));
    t.AckFrom(j + 1, 10.0 * static_cast<double>(j + 1) + 1);
  }
  t.GivenFin(40);
  t.AckFrom(4, 41);
  t.evidence().fins_sent = 1;
  t.evidence().fin_acked = true;
  t.Wrote(t.file());
  Finding f = t.Judge();
  EXPECT_TRUE(f.ok()) << check::CodeName(f.code) << ": " << f.Text();
}

TEST(TransportReceiverChecks, AReceiverThatNeverAcksIsNoAnswer) {
  Transfer t(false, 8000, 8);
  t.expect().acks = true;
  for (uint64_t j = 0; j < 8; ++j) t.Given(j, 10.0 + static_cast<double>(j));
  Finding f = t.Judge();
  EXPECT_EQ(f.code, Code::kNoAnswer) << f.Text();
  EXPECT_TRUE(Says(f.cause, "never answered"));
  EXPECT_TRUE(Says(f.cause, "8 datagrams"));
}

TEST(TransportReceiverChecks, AnAckOfThePacketReceivedIsWrongAckOffByOne) {
  Transfer t(false, 2500, 8);
  t.expect().acks = true;
  t.Given(0, 10);
  t.AckFrom(0, 11);
  t.Given(1, 20);
  t.AckFrom(1, 21);
  Finding f = t.Judge();
  EXPECT_EQ(f.code, Code::kWrongAck) << f.Text();
  EXPECT_TRUE(Says(f.cause, "answered ACK 0"));
  EXPECT_TRUE(Says(f.cause, "the cumulative ACK is 1"));
  EXPECT_TRUE(Says(f.cause, "acknowledges the packet it received"));
}

TEST(TransportReceiverChecks, AFileLongerThanSentAfterDuplicatesIsDuplicateWritten) {
  Transfer t(false, 2500, 8);
  t.expect().acks = true;
  t.Given(0, 10);
  t.AckFrom(1, 11);
  t.Given(1, 20, /*duplicated=*/true);
  t.AckFrom(2, 21);
  t.AckFrom(2, 22);
  t.Given(2, 30);
  t.AckFrom(3, 31);
  t.GivenFin(40);
  t.AckFrom(4, 41);
  t.evidence().fins_sent = 1;
  t.evidence().fin_acked = true;
  const std::string& f0 = t.file();
  t.Wrote(f0.substr(0, 2000) + f0.substr(1000, 1000) + f0.substr(2000));
  Finding f = t.Judge();
  EXPECT_EQ(f.code, Code::kDuplicateWritten) << f.Text();
  EXPECT_TRUE(Says(f.cause, "wrote a packet it already had"));
  EXPECT_TRUE(Says(f.cause, "holds 3500 bytes where 2500 were sent"));
}

}  // namespace
}  // namespace netgrade::transport
