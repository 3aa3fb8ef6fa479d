// The TCP and UDP labs' checks behind the kind interface (sockets::TcpChecks, UdpChecks), on
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
  EXPECT_EQ(TcpChecks().traffic(server).code, Code::kEcho);
  Observation client = Client(*s);
  client.connections = {Received("HELLO world\n")};
  Finding f = TcpChecks().traffic(client);
  EXPECT_FALSE(f.ok());
  EXPECT_NE(f.code, Code::kEcho) << f.Text();
  client.connections = {Received("hello world\n")};
  EXPECT_TRUE(TcpChecks().traffic(client).ok()) << TcpChecks().traffic(client).Text();
}

// A file receiver's file is what its case is for: the TCP and UDP labs judge it before the
// traffic; a kind with a wire of its own, after (its traffic explains the file).
TEST(SocketChecks, WrittenFilesComeBeforeTheTrafficOnlyForTcpAndUdp) {
  EXPECT_TRUE(TcpChecks().files_first);
  EXPECT_TRUE(TcpChecks().before_traffic);
  EXPECT_TRUE(UdpChecks().files_first);
  EXPECT_TRUE(UdpChecks().before_traffic);
}

// UDP's checks are TCP's, and besides: a client that sent everything elsewhere has shown why
// it fails, and a server that draws random numbers and passed is noted.
TEST(SocketChecks, UdpAddsWhatIsShownInFullAndItsNotes) {
  EXPECT_FALSE(TcpChecks().shown_in_full);
  EXPECT_FALSE(TcpChecks().notes);
  EXPECT_TRUE(UdpChecks().shown_in_full);
  EXPECT_TRUE(UdpChecks().notes);
}

}  // namespace
}  // namespace netgrade::sockets
