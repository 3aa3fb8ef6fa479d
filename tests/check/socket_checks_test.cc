// The TCP and UDP labs' checks behind the kind interface (check::SocketChecks), and CrashThen,
// which a kind with no peer explains wrong content by. On observations built by hand.
#include <gtest/gtest.h>

#include <csignal>

#include "harness/check/kind_checks.h"
#include "tests/check/observed_case.h"

namespace netgrade::check {
namespace {
using namespace netgrade::observe;
using namespace netgrade::check::observed_test;

// A server's traffic is what it answered the reference client; a client's, what the reference
// server received.
TEST(SocketChecks, AServersTrafficIsItsAnswersAClientsWhatThePeerReceived) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation server = ListeningOn(*s, 40000, 40000);
  server.connections = {Answered({"first line", "second line"}, "first line\nsecond line\n")};
  EXPECT_EQ(SocketChecks().traffic(server).code, Code::kEcho);
  Observation client = Client(*s);
  client.connections = {Received("HELLO world\n")};
  Finding f = SocketChecks().traffic(client);
  EXPECT_FALSE(f.ok());
  EXPECT_NE(f.code, Code::kEcho) << f.Text();
  client.connections = {Received("hello world\n")};
  EXPECT_TRUE(SocketChecks().traffic(client).ok()) << SocketChecks().traffic(client).Text();
}

// A file receiver's file is what its case is for: the TCP and UDP labs judge it before the
// traffic; a kind with a wire of its own, after (its traffic explains the file).
TEST(SocketChecks, WrittenFilesComeBeforeTheTrafficOnlyForTcpAndUdp) {
  EXPECT_TRUE(SocketChecks().files_first);
  EXPECT_TRUE(SocketChecks().before_traffic);
}

// For a kind with no peer: a crash explains wrong content first, then the kind's own reading;
// with neither, nothing better (the content stands).
TEST(CrashThen, ACrashLeadsThenTheKindsOwnReading) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  int own_calls = 0;
  auto explain = CrashThen([&own_calls](const Observation&, const Finding&) {
    ++own_calls;
    return Finding{Code::kWrongContent, "the kind's own reading"};
  });
  Content wrong{.finding = Finding{Code::kMissingMessage, "nothing came"}};
  EXPECT_EQ(explain(CrashedClient(*s, SIGSEGV), wrong).code, Code::kCrashed);
  EXPECT_EQ(own_calls, 0) << "a crash is told before the kind's reading";
  Observation ran = Observe(*s, "client-line", 40000);
  Finding own = explain(ran, wrong);
  EXPECT_EQ(own.cause, "the kind's own reading");
  EXPECT_EQ(own_calls, 1);
  EXPECT_TRUE(CrashThen(nullptr)(ran, wrong).ok());
}

}  // namespace
}  // namespace netgrade::check
