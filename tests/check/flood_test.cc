// A program that sent more than a reference peer records, on observations built by hand.
#include "harness/check/flood.h"

#include <gtest/gtest.h>

#include "tests/check/observed_case.h"
#include "tests/check/socket_judge.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using namespace netgrade::observe;
using namespace netgrade::check::observed_test;
using testing_support::ExpectWords;

// A client that floods the reference server: the peer stopped recording at its cap, and the
// finding says how much came, on how many connections, against what the case expects.
TEST(Flood, AFloodCutShortIsToldAsSuch) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Client(*s);
  peers::ConnectionLog log = Received(std::string(peers::kRecordBytes - 1, 'x'));
  log.received_cut = true;
  o.connections = {peers::ConnectionLog{}, log};
  o.connections[0].connected = true;
  Finding f = CheckRecordCap(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kTooMuchData) << f.Text();
  ExpectWords(f, "bytes");

  o.connections[1].received = std::string(peers::kRecordMessages, '\n');
  f = CheckRecordCap(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kTooMuchData) << f.Text();
  ExpectWords(f, "lines");

  o.connections[1].received_cut = false;
  EXPECT_TRUE(CheckRecordCap(o, TermsOf(o)).ok()) << "the same bytes, not cut";
}

TEST(Flood, AServerThatAnswersWithoutEndIsToldItsAnswersWereTooMuch) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  o.connections = {Answered({"first line"}, std::string(peers::kRecordBytes, 'A'))};
  o.connections[0].received_cut = true;
  Finding f = CheckRecordCap(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kTooMuchData) << f.Text();
  ExpectWords(f);  // a server's advice: recv()
}

// Through a UDP proxy, a flood overflows the proxy's buffers before any peer's cap.
TEST(Flood, MoreThanThePeerRecordsThroughTheProxyIsAFloodToo) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  Observation o = Client(*s);
  o.connections = {Received("", {"x"})};
  o.proxy_bytes_from_student = peers::kRecordBytes;
  EXPECT_TRUE(CheckRecordCap(o, TermsOf(o)).ok());
  o.proxy_bytes_from_student = peers::kRecordBytes + 1;
  Finding f = CheckRecordCap(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kTooMuchData);
  ExpectWords(f);  // the fix names the case's resend timeout
}

}  // namespace
}  // namespace netgrade::check
