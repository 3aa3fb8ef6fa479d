// Two copies of a sender on one link (fairness.h): Jain's index over the last half of the time
// both sent, and the checks of the second copy, judged as the judge judges a transport case.
#include "harness/kinds/transport/fairness.h"

#include <gtest/gtest.h>

#include "harness/kinds/transport/codes.h"
#include "harness/kinds/transport/goodput.h"
#include "harness/kinds/transport/traffic.h"
#include "tests/kinds/transport/traffic_fixture.h"
#include "tests/support/words_golden.h"

namespace netgrade::transport {
namespace {

using namespace testing_traffic;  // NOLINT
using testing_support::ExpectWords;

// A copy's bytes taken at `rate` bytes per ms from `from` to `to` ms, one sample every 10 ms.
std::vector<Progress> Steady(double from, double to, double rate, size_t start = 0) {
  std::vector<Progress> out;
  for (double t = from; t <= to; t += 10)
    out.push_back({Ms(t), start + static_cast<size_t>((t - from) * rate)});
  return out;
}

TEST(JainIndex, IsOneForEqualSharesAndAHalfWhenOneHasAll) {
  EXPECT_DOUBLE_EQ(JainIndex(5, 5), 1);
  EXPECT_DOUBLE_EQ(JainIndex(10, 0), 0.5);
  EXPECT_NEAR(JainIndex(3, 1), 16.0 / 20, 1e-12);
}

TEST(BytesBy, IsTheLastSampleAtOrBeforeTheTime) {
  std::vector<Progress> p = {{Ms(10), 100}, {Ms(20), 300}};
  EXPECT_EQ(BytesBy(p, Ms(5)), 0u);
  EXPECT_EQ(BytesBy(p, Ms(10)), 100u);
  EXPECT_EQ(BytesBy(p, Ms(19)), 100u);
  EXPECT_EQ(BytesBy(p, Ms(25)), 300u);
}

TEST(FairnessOf, JudgesTheLastHalfOfTheTimeBothSent) {
  // The first alone at 1250 bytes/ms (10 Mbit/s) until 2 s, then 1000 while the second gets
  // 250 until 3 s, then both 625 until the first's FIN at 6 s.
  std::vector<Progress> first = Steady(0, 2000, 1250);
  for (Progress p : Steady(2010, 3000, 1000, first.back().bytes)) first.push_back(p);
  for (Progress p : Steady(3010, 6000, 625, first.back().bytes)) first.push_back(p);
  std::vector<Progress> second = Steady(2000, 3000, 250);
  for (Progress p : Steady(3010, 8000, 625, second.back().bytes)) second.push_back(p);
  std::optional<Fairness> f = FairnessOf(first, Ms(6000), second, Ms(8000));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->both_from, Ms(2000));
  EXPECT_EQ(f->both_to, Ms(6000));
  EXPECT_EQ(f->from, Ms(4000));  // the unequal first second is not judged
  EXPECT_NEAR(f->bps[0], 5e6, 0.02e6);
  EXPECT_NEAR(f->bps[1], 5e6, 0.02e6);
  EXPECT_NEAR(f->index, 1, 0.01);
}

TEST(FairnessOf, NoneWhenTheFirstWasDoneBeforeTheSecondTookAByte) {
  EXPECT_FALSE(FairnessOf(Steady(0, 1000, 1250), Ms(1000), Steady(2000, 3000, 1250), Ms(3000)));
  EXPECT_FALSE(FairnessOf(Steady(0, 1000, 1250), Ms(1000), {}, Micros{-1}));
}

// A case of two copies whose first passes its own checks.
class Copies : public ::testing::Test {
 protected:
  Copies() : t_(true, 3000, 0) {
    t_.GoBackN(3);
    first_ = Steady(0, 6000, 1000);
    second_ = Steady(2000, 8000, 1000);
    t_.evidence().progress = &first_;
    SecondCopy& c = t_.evidence().second.emplace();
    c.started = true;
    c.started_at = Ms(2000);
    c.progress = &second_;
    c.records = &records_;
    c.received_bytes = t_.file().size();
    c.received_file_right = c.fin_taken = c.ended = true;
    c.fin_taken_at = Ms(8000);
    t_.evidence().fin_taken_at = Ms(6000);
    t_.expect().delivered = true;
    t_.expect().fairness_at_least = 0.9;
  }
  SecondCopy& second() { return *t_.evidence().second; }

  Transfer t_;
  std::vector<Progress> first_, second_;
  std::vector<PacketRecord> records_;
};

TEST_F(Copies, EqualSharesPass) { EXPECT_TRUE(t_.Judge().ok()) << t_.Judge().Text(); }

TEST_F(Copies, AFirstThatKeepsMostOfTheLinkIsAnUnfairShare) {
  first_ = Steady(0, 6000, 1150);
  second_ = Steady(2000, 8000, 100);
  Finding f = t_.Judge();
  EXPECT_EQ(f.code, transport::Codes::kUnfairShare) << f.Text();
  ExpectWords(f);
  // Asked less, the same shares pass.
  t_.expect().fairness_at_least = 0.55;
  EXPECT_TRUE(t_.Judge().ok());
}

TEST_F(Copies, ASecondCopyThatCouldNotBindThePortIsToldWhy) {
  second().status = 1;
  second().stderr_tail = "OSError: [Errno 98] Address already in use";
  Finding f = t_.Judge();
  EXPECT_EQ(f.code, transport::Codes::kSecondCopyFailed) << f.Text();
  ExpectWords(f);
}

TEST_F(Copies, ASecondCopyWhoseFileDidNotComeIsTold) {
  second().fin_taken = false;
  second().received_bytes = 1000;
  second().ended = false;
  Finding f = t_.Judge();
  EXPECT_EQ(f.code, transport::Codes::kSecondCopyFailed) << f.Text();
  ExpectWords(f);
  t_.expect().delivered = false;  // not asked: only the share is judged
  EXPECT_TRUE(t_.Judge().ok());
}

TEST_F(Copies, ASecondCopyNeverStartedIsNotCalledFair) {
  second().started = false;
  Finding f = t_.Judge();
  EXPECT_EQ(f.code, transport::Codes::kSecondCopyFailed) << f.Text();
  ExpectWords(f);
}

TEST_F(Copies, TheFiguresGiveTheIndexAndEachCopysRate) {
  std::vector<check::Figure> figures = Figures(t_.evidence(), &t_.expect());
  auto it = std::find_if(figures.begin(), figures.end(),
                         [](const check::Figure& f) { return f.name == "fairness"; });
  ASSERT_NE(it, figures.end());
  EXPECT_DOUBLE_EQ(it->value, 1);
  EXPECT_TRUE(it->leaderboard);
  EXPECT_TRUE(Says(it->words, "the first copy 8.00 Mbit/s, the second 8.00"));
}

// A sender beside a kernel TCP flow (transfer: {beside: tcp}) whose own checks pass: TCP's
// bytes from 0 to 8 s, the sender's FIN at 6 s.
class BesideTcp : public ::testing::Test {
 protected:
  BesideTcp() : t_(true, 3000, 0) {
    t_.GoBackN(3);
    sender_ = Steady(0, 6000, 600);
    tcp_ = Steady(0, 8000, 650);
    t_.evidence().progress = &sender_;
    t_.evidence().fin_taken_at = Ms(6000);
    TcpBeside& tcp = t_.evidence().tcp.emplace();
    tcp.connected = true;
    tcp.congestion_control = "cubic";
    tcp.progress = &tcp_;
    tcp.bytes = tcp_.back().bytes;
    tcp.packets = 9000;
    tcp.dropped = 40;
    t_.expect().share_at_least = 0.3;
    t_.expect().share_at_most = 0.7;
  }
  Transfer t_;
  std::vector<Progress> sender_, tcp_;
};

TEST_F(BesideTcp, AShareBetweenTheBoundsPasses) {
  std::optional<Fairness> f = BesideTcpOf(t_.evidence());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->from, Ms(3000)) << "the last half of the 6 s both sent";
  EXPECT_NEAR(ShareOf(*f), 0.48, 0.01);
  EXPECT_TRUE(t_.Judge().ok()) << t_.Judge().Text();
}

TEST_F(BesideTcp, ASenderThatGivesWayToTcpGetsTooLittle) {
  sender_ = Steady(0, 6000, 100);
  tcp_ = Steady(0, 8000, 1150);
  Finding f = t_.Judge();
  EXPECT_EQ(f.code, transport::Codes::kTcpShare) << f.Text();
  ExpectWords(f);
  t_.expect().share_at_least.reset();
  EXPECT_TRUE(t_.Judge().ok()) << "no floor asked";
}

TEST_F(BesideTcp, ASenderThatNeverBacksOffGetsTooMuch) {
  sender_ = Steady(0, 6000, 1100);
  tcp_ = Steady(0, 8000, 150);
  Finding f = t_.Judge();
  EXPECT_EQ(f.code, transport::Codes::kTcpShare) << f.Text();
  ExpectWords(f);
}

// The case's end came first: the file was not through, the sender still sending.
void NotThrough(Transfer& t) {
  t.expect().delivered = true;
  Evidence& e = t.evidence();
  e.fin_taken = e.received_file_right = false;
  e.fin_taken_at = Micros{-1};
  e.received_bytes = 1000;
  t.obs().program.exited = false;
}

TEST_F(BesideTcp, ASenderThatGaveWayUntilTheCaseEndedIsToldItsShareNotOnlyThatItDidNotFinish) {
  NotThrough(t_);
  sender_ = Steady(0, 7500, 100);
  tcp_ = Steady(0, 8000, 1150);
  Finding f = t_.Judge();
  EXPECT_EQ(f.code, transport::Codes::kTcpShare) << f.Text();
  ExpectWords(f);
}

TEST_F(BesideTcp, ASenderThatStoppedSendingIsToldWhatItDidNotDeliver) {
  NotThrough(t_);
  sender_ = Steady(0, 4000, 100);  // nothing taken in the last 4 s
  tcp_ = Steady(0, 8000, 1150);
  EXPECT_EQ(t_.Judge().code, transport::Codes::kNotDelivered) << t_.Judge().Text();
  sender_ = Steady(0, 7500, 600);  // still sending, at its share
  tcp_ = Steady(0, 8000, 650);
  EXPECT_EQ(t_.Judge().code, transport::Codes::kNotDelivered) << t_.Judge().Text();
}

TEST_F(BesideTcp, ATcpFlowThatNeverGotThroughIsAShareOfAll) {
  tcp_.clear();
  t_.evidence().tcp->bytes = 0;
  t_.evidence().tcp->connected = false;
  Finding f = t_.Judge();
  EXPECT_EQ(f.code, transport::Codes::kTcpShare) << f.Text();
  ExpectWords(f);
}

TEST_F(BesideTcp, AFlowThatNeverConnectedThroughALinkThatDroppedNothingIsTheGradersFailure) {
  tcp_.clear();
  t_.evidence().tcp->bytes = 0;
  t_.evidence().tcp->connected = false;
  t_.evidence().tcp->dropped = 0;
  Finding f = t_.Judge();
  EXPECT_EQ(f.code, Code::kGraderProblem) << f.Text();
  ExpectWords(f);
}

TEST_F(BesideTcp, TheFiguresGiveTheShareAndBothRates) {
  std::vector<check::Figure> figures = Figures(t_.evidence(), &t_.expect());
  auto it = std::find_if(figures.begin(), figures.end(),
                         [](const check::Figure& f) { return f.name == "share beside TCP"; });
  ASSERT_NE(it, figures.end());
  EXPECT_DOUBLE_EQ(it->value, 48);
  EXPECT_TRUE(Says(it->words, "4.80 Mbit/s against TCP's (cubic) 5.20")) << it->words;
}

}  // namespace
}  // namespace netgrade::transport
