// The TCP and UDP labs' checks behind the kind interface (sockets::SocketChecks), on
// observations built by hand.
#include "harness/kinds/sockets/socket_checks.h"

#include <gtest/gtest.h>

#include "tests/check/observed_case.h"

namespace netgrade::sockets {
namespace {
using namespace netgrade::check;
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

}  // namespace
}  // namespace netgrade::sockets
