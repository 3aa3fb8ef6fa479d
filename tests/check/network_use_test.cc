// How a program used the network before its content is read, on observations built by hand.
#include "harness/check/network_use.h"

#include <gtest/gtest.h>

#include "tests/check/observed_case.h"
#include "tests/check/socket_judge.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using namespace netgrade::observe;
using namespace netgrade::check::observed_test;
using testing_support::ExpectWords;

TEST(NetworkUse, NothingToSayOfAProgramThatUsedTheGivenPortAndProtocol) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  Observation o = Observe(*s, "client-line", 40000);
  EXPECT_TRUE(CheckBypassedProxy(o, TermsOf(o)).ok());
  EXPECT_TRUE(CheckTooManyConnections(o).ok());
  EXPECT_TRUE(CheckWrongProtocol(o, TermsOf(o)).ok());
}

TEST(NetworkUse, AServerThatAnsweredAroundTheProxyIsToldToAnswerTheSender) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.bypassed_proxy = 1;
  Finding f = CheckBypassedProxy(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kBypassedProxy);
  EXPECT_EQ(f.Text(),
            "server.py sent 1 datagram straight to the reference client's own port, not back to "
            "the address each request came from: netgrade refused it. Answer each datagram to the "
            "address recvfrom() gives.");
}

TEST(NetworkUse, AClientThatConnectedAroundTheProxyIsToldToUseTheGivenPort) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Client(*s);
  o.bypassed_proxy = 3;
  Finding f = CheckBypassedProxy(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kBypassedProxy);
  ExpectWords(f);
  EXPECT_FALSE(f.fix.empty()) << "to use the port it is given";
}

TEST(NetworkUse, ConnectionsPastTheCapAreAConnectInALoop) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Client(*s);
  o.refused_connections = 7;
  Finding f = CheckTooManyConnections(o);
  EXPECT_EQ(f.code, Code::kTooManyConnections);
  ExpectWords(f);  // the cap, 200, and the 7 refused
}

TEST(NetworkUse, TheOtherProtocolAloneIsAWrongProtocol) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  Observation o = Client(*s);
  o.other_protocol_seen = true;
  Finding f = CheckWrongProtocol(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kWrongProtocol);
  EXPECT_EQ(f.Text(),
            "client.py connected with TCP (a SOCK_STREAM socket) to port 40000, given on its "
            "command line (sys.argv[2] / argv[2]), but this exercise uses UDP: create the socket "
            "with SOCK_DGRAM (and sendto/recvfrom).");
  o.connections = {Answered({}, "hello world")};
  EXPECT_TRUE(CheckWrongProtocol(o, TermsOf(o)).ok())
      << "it also reached the peer in the right one";
}

// A UDP client in a TCP exercise, sending to a port written in it: its datagrams met a closed
// port (observe/stray_sends.h); it is told its protocol and that port, not "never connected".
TEST(NetworkUse, AUdpClientSendingElsewhereInATcpExerciseIsToldItsProtocolAndPort) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Client(*s);
  observe::StraySend udp;
  udp.proto = observe::SocketProto::kUdp;
  udp.to_address = "127.0.0.1";
  udp.to_port = 12000;
  o.stray_sends = {udp, udp};
  Finding f = CheckWrongProtocol(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kWrongProtocol);
  EXPECT_EQ(f.cause,
            "client.py sent UDP datagrams (a SOCK_DGRAM socket) to port 12000, where nothing "
            "listens, but this exercise uses TCP, and its reference server is at port 40000, "
            "given on its command line (sys.argv[2] / argv[2]).");
  EXPECT_EQ(f.fix.rfind("Create the socket with SOCK_STREAM (and connect/send/recv), and "
                        "connect() to the port it is given.",
                        0),
            0u)
      << f.fix;
  // Its own protocol's stray sends are a wrong port (wrong_port.h), not this.
  o.stray_sends[0].proto = o.stray_sends[1].proto = observe::SocketProto::kTcp;
  EXPECT_TRUE(CheckWrongProtocol(o, TermsOf(o)).ok());
}

}  // namespace
}  // namespace netgrade::check
