// The checks of a sender that chooses its own window (congestion_checks.cc), judged as the
// judge judges a transport case, on records made by hand: the code and the words of each.
#include <gtest/gtest.h>

#include "harness/kinds/transport/codes.h"
#include "harness/kinds/transport/traffic.h"
#include "tests/kinds/transport/traffic_fixture.h"
#include "tests/support/words_golden.h"

namespace netgrade::transport {
namespace {

using namespace testing_traffic;  // NOLINT
using testing_support::ExpectWords;

TEST(CongestionChecks, AStandingQueueFromTheTimeAskedIsNamed) {
  Transfer t(true, 3000, 0);
  t.expect().queue_delay_at_most_ms = 80;
  t.GoBackN(3);
  // Each DATA packet waited 150 ms in the queue.
  for (PacketRecord& r : t.records())
    if (r.from_student) r.queued = Ms(150);
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kStandingQueue) << f.Text();
  ExpectWords(f);
  t.expect().queue_delay_at_most_ms = 200;
  EXPECT_TRUE(t.Judge().ok());
}

TEST(CongestionChecks, ASlowFixedWindowIsNamedAsNoCongestionControl) {
  // 40 rounds of 20 packets, losses changing nothing, over a link whose rate allows far more.
  Transfer t(true, 800 * 1000, 0);
  t.expect().goodput_at_least = 0.7;
  t.records() = Rounds(std::vector<size_t>(40, 20), {5, 15, 25});
  t.evidence().base_rtt_ms = 100;
  t.evidence().out_rate_bps = 100e6;
  t.Delivered(4100);
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kNoCongestionControl) << f.Text();
  ExpectWords(f);
  // Given a WINDOW of 80, the same transfer is only slow: the window is the lab's to choose,
  // not the sender's.
  t.evidence().window = 80;
  EXPECT_EQ(t.Judge().code, transport::Codes::kSlowTransfer);
}

TEST(CongestionChecks, SpuriousResendsPastTheShareAskedAreATimeoutTooShort) {
  Transfer t(true, 5000, 0);
  t.expect().spurious_at_most = 0.1;
  for (uint64_t j = 0; j < 5; ++j) {
    const double at = 200.0 * static_cast<double>(j);
    t.Data(j, at);
    t.Sent(Packet(kF.type_data, j, t.Payload(j)), at + 60);  // again, 60 ms on
    t.AckTo(j + 1, at + 50);                                 // made at +50 ms, arriving at +100
  }
  t.Sort();
  Finding f = t.Judge();
  EXPECT_EQ(f.code, transport::Codes::kResendTooSoon) << f.Text();
  ExpectWords(f);
}

}  // namespace
}  // namespace netgrade::transport
