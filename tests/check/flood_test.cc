// A program that sent more than a reference peer records, on observations built by hand.
#include "harness/check/flood.h"

#include <gtest/gtest.h>

#include "tests/check/observed_case.h"

namespace netgrade::check {
namespace {
using namespace netgrade::observe;
using namespace netgrade::check::observed_test;

// A client that floods the reference server: the peer stopped recording at its cap, and the
// finding says how much came, on how many connections, against what the case expects.
TEST(Flood, AFloodCutShortIsToldAsSuch) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Client(*s);
  peers::ConnectionLog log = Received(std::string(peers::kRecordBytes - 1, 'x'));
  log.received_cut = true;
  o.connections = {peers::ConnectionLog{}, log};
  o.connections[0].connected = true;
  Finding f = CheckRecordCap(o);
  EXPECT_EQ(f.code, Code::kTooMuchData) << f.Text();
  EXPECT_NE(f.cause.find("4 MiB"), std::string::npos) << f.cause;
  EXPECT_NE(f.cause.find("2 connections"), std::string::npos) << f.cause;
  EXPECT_NE(f.cause.find("1 line ('hello world')"), std::string::npos) << f.cause;
  EXPECT_NE(
      f.Text().find("Send each line of the input once, on one connection, and wait for its answer"),
      std::string::npos)
      << f.Text();

  o.connections[1].received = std::string(peers::kRecordMessages, '\n');
  f = CheckRecordCap(o);
  EXPECT_NE(f.cause.find("65536 lines"), std::string::npos) << f.cause;

  o.connections[1].received_cut = false;
  EXPECT_TRUE(CheckRecordCap(o).ok()) << "the same bytes, not cut";
}

TEST(Flood, AServerThatAnswersWithoutEndIsToldItsAnswersWereTooMuch) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  o.connections = {Answered({"first line"}, std::string(peers::kRecordBytes, 'A'))};
  o.connections[0].received_cut = true;
  Finding f = CheckRecordCap(o);
  EXPECT_EQ(f.code, Code::kTooMuchData) << f.Text();
  EXPECT_NE(f.cause.find("4 MiB"), std::string::npos) << f.cause;
  EXPECT_NE(f.cause.find("3 lines ('FIRST LINE', ...)"), std::string::npos) << f.cause;
  EXPECT_NE(f.fix.find("recv()"), std::string::npos) << "a server's advice: " << f.fix;
}

// Through a UDP proxy, a flood overflows the proxy's buffers before any peer's cap.
TEST(Flood, MoreThanThePeerRecordsThroughTheProxyIsAFloodToo) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  Observation o = Client(*s);
  o.connections = {Received("", {"x"})};
  o.proxy_bytes_from_student = peers::kRecordBytes;
  EXPECT_TRUE(CheckRecordCap(o).ok());
  o.proxy_bytes_from_student = peers::kRecordBytes + 1;
  Finding f = CheckRecordCap(o);
  EXPECT_EQ(f.code, Code::kTooMuchData);
  EXPECT_NE(f.cause.find("4 MiB"), std::string::npos) << f.cause;
  EXPECT_NE(f.cause.find("1 datagram ('hello world')"), std::string::npos) << f.cause;
  EXPECT_NE(f.fix.find("1 s"), std::string::npos) << "the case's resend timeout: " << f.fix;
}

}  // namespace
}  // namespace netgrade::check
