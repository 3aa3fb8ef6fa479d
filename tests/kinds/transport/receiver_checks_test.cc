// A student's receiver judged from its ACKs and its file (receiver_checks.cc), on a record made
// by hand: each mistake named by its code and the words that say it.
#include <gtest/gtest.h>

#include <memory>

#include "harness/kinds/transport/codes.h"
#include "harness/kinds/transport/traffic.h"
#include "tests/kinds/transport/traffic_fixture.h"
#include "tests/support/words_golden.h"

namespace netgrade::transport {
namespace {

using namespace testing_traffic;  // NOLINT
using testing_support::ExpectWords;

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

TEST(TransportReceiverChecks, ADataPacketLeftWithoutAnAckIsMissingAck) {
  // Four packets; the receiver answers 1 and 3 only (cumulative values right), then the FIN.
  Transfer t(false, 4000, 8);
  t.expect().acks = true;
  for (uint64_t j = 0; j < 4; ++j) {
    t.Given(j, 10.0 * static_cast<double>(j + 1));
    if (j % 2 == 1) t.AckFrom(j + 1, 10.0 * static_cast<double>(j + 1) + 1);
  }
  t.GivenFin(60);
  t.AckFrom(5, 61);
  t.evidence().fins_sent = 1;
  t.evidence().fin_acked = true;
  t.Wrote(t.file());
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kMissingAck) << f.Text();
  ExpectWords(f);
  // Packets its socket dropped (its receive buffer full, the machine busy) never reached it:
  // not counted against it.
  t.evidence().socket_drops = 2;
  EXPECT_TRUE(t.Judge().ok()) << t.Judge().Text();
  t.evidence().socket_drops = 1;
  f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kMissingAck) << f.Text();
  EXPECT_EQ(f.notes.size(), 1u) << "the packet its socket dropped";
  ExpectWords(f, "one packet dropped by its socket");
  // Its ACKs answered late (all at once, after the last packet came) are all there: no
  // missing ACK, however late the program ran.
  Transfer late(false, 4000, 8);
  late.expect().acks = true;
  for (uint64_t j = 0; j < 4; ++j) late.Given(j, 10.0 * static_cast<double>(j + 1));
  for (uint64_t j = 0; j < 4; ++j) late.AckFrom(j + 1, 45 + static_cast<double>(j));
  late.GivenFin(60);
  late.AckFrom(5, 61);
  late.Wrote(late.file());
  EXPECT_TRUE(late.Judge().ok()) << late.Judge().Text();
  // A receiver that never answered the FIN is judged by the rest, not by counting.
  Transfer no_fin(false, 4000, 8);
  no_fin.expect().acks = true;
  for (uint64_t j = 0; j < 4; ++j) no_fin.Given(j, 10.0 * static_cast<double>(j + 1));
  no_fin.AckFrom(4, 45);
  EXPECT_NE(no_fin.Judge().code, transport::Codes::kMissingAck);
}

TEST(TransportReceiverChecks, AReceiverOutOfTimeWithPacketsItsSocketDroppedIsSlowTransfer) {
  // DATA 1 dropped by its socket (ACK 1 repeated is right then), and the time ran out before
  // the FIN: slow, not a wrong ACK nor a file read wrongly.
  Transfer t(false, 4000, 8);
  t.expect().acks = true;
  for (uint64_t j = 0; j < 4; ++j) t.Given(j, 10.0 * static_cast<double>(j + 1));
  for (int k = 0; k < 3; ++k) t.AckFrom(1, 45 + k);
  t.Wrote(t.file().substr(0, 1000));
  t.obs().timed_out = true;
  t.obs().timeout_ms = 10000;
  t.evidence().socket_drops = 1;
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kSlowTransfer) << f.Text();
  ExpectWords(f);
  // With nothing dropped, its repeated ACK 1 after DATA 1 came is wrong.
  t.evidence().socket_drops = 0;
  EXPECT_EQ(t.Judge().code, transport::Codes::kWrongAck) << t.Judge().Text();
}

// Its ACKs said a packet had come, and the file it wrote lacks that packet's bytes (it ended
// with them left out), or holds others in their place: the ACK that vouched for them is told.
TEST(TransportReceiverChecks, AFileWithoutBytesItsAcksVouchedForSaysWhichAck) {
  auto wrote = [](bool cut) {
    auto t = std::make_unique<Transfer>(false, 3000, 8);
    t->expect().acks = true;
    for (uint64_t j = 0; j < 3; ++j) {
      t->Given(j, 10.0 * static_cast<double>(j + 1));
      t->AckFrom(j + 1, 10.0 * static_cast<double>(j + 1) + 1);
    }
    t->GivenFin(40);
    t->AckFrom(4, 41);
    t->evidence().fins_sent = 1;
    t->evidence().fin_acked = true;
    std::string file = t->file();
    if (cut)
      file.resize(2000);  // packet 2 left out
    else
      file.replace(1000, 1000, file.substr(2000, 1000));  // packet 1 skipped, 2 in its place
    t->Wrote(file);
    return t->Judge();
  };
  Finding cut = wrote(true);
  EXPECT_EQ(cut.code, Code::kFileDiffers) << cut.Text();
  ExpectWords(cut);
  Finding other = wrote(false);
  EXPECT_EQ(other.code, Code::kFileDiffers) << other.Text();
  ExpectWords(other, "other bytes in its place");
}

TEST(TransportReceiverChecks, AReceiverThatNeverAcksIsNoAnswer) {
  Transfer t(false, 8000, 8);
  t.expect().acks = true;
  for (uint64_t j = 0; j < 8; ++j) t.Given(j, 10.0 + static_cast<double>(j));
  Finding f = t.Judge();
  EXPECT_EQ(f.code, Code::kNoAnswer) << f.Text();
  ExpectWords(f);
}

TEST(TransportReceiverChecks, AnAckOfThePacketReceivedIsWrongAckOffByOne) {
  Transfer t(false, 2500, 8);
  t.expect().acks = true;
  t.Given(0, 10);
  t.AckFrom(0, 11);
  t.Given(1, 20);
  t.AckFrom(1, 21);
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kWrongAck) << f.Text();
  ExpectWords(f);
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
  EXPECT_EQ(f.code, transport::Codes::kDuplicateWritten) << f.Text();
  ExpectWords(f);
}

}  // namespace
}  // namespace netgrade::transport
