// netgrade peer's clients and senders, fed lines, against the reference servers on loopback.
#include "harness/peers/line_client.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include "harness/peers/tcp_server_peer.h"
#include "harness/peers/udp_peers.h"

namespace netgrade::peers {
namespace {

const auto kBound = std::chrono::seconds(10);  // bounds a failure only

struct Session {
  EventLoop loop;
  std::vector<std::string> events;
  std::unique_ptr<LineClient> client;
  void Start(LineClientOptions o, const std::vector<std::string>& lines) {
    client = std::make_unique<LineClient>(loop, o,
                                          [this](const std::string& e) { events.push_back(e); });
    client->Start();
    for (const std::string& l : lines) client->Send(l);
    client->EndInput();
  }
  bool Finish() {
    return loop.RunUntil([&] { return client->done(); }, Clock::now() + kBound);
  }
  bool Said(const std::string& event) const {
    return std::find(events.begin(), events.end(), event) != events.end();
  }
  std::string All() const {
    std::string all;
    for (const std::string& e : events) all += e + "\n";
    return all;
  }
};

LineClientOptions Options(const Address& to, bool tcp, bool answers) {
  LineClientOptions o;
  o.target = to;
  o.tcp = tcp;
  o.answers = answers;
  o.timeout = std::chrono::milliseconds(100);
  return o;
}

TEST(LineClient, TcpClientSendsEachLineAfterTheAnswerToTheLast) {
  Session r;
  TcpServerPeer server(r.loop, Address::Parse("127.0.0.1", 0), "{upper}");
  r.Start(Options(server.address(), true, true), {"hello world", "bye"});
  ASSERT_TRUE(r.Finish()) << r.All();
  EXPECT_EQ(r.client->failure(), "");
  std::vector<std::string> expected = {"-> 'hello world\\n' (12 bytes)",
                                       "<- 'HELLO WORLD\\n' (12 bytes)", "-> 'bye\\n' (4 bytes)",
                                       "<- 'BYE\\n' (4 bytes)"};
  ASSERT_GE(r.events.size(), 5u) << r.All();
  EXPECT_EQ(std::vector<std::string>(r.events.begin() + 1, r.events.begin() + 5), expected)
      << r.All();
  ASSERT_EQ(server.log().size(), 1u);
  EXPECT_TRUE(server.log()[0].eof) << "the client closed once it was answered";
  EXPECT_TRUE(r.Said(server.address().ToString() + " closed the connection")) << r.All();
}

TEST(LineClient, TcpSenderSendsEveryLineAndCloses) {
  Session r;
  TcpServerPeer receiver(r.loop, Address::Parse("127.0.0.1", 0), std::nullopt);
  r.Start(Options(receiver.address(), true, false), {"one", "two", "three"});
  ASSERT_TRUE(r.Finish()) << r.All();
  EXPECT_EQ(r.client->failure(), "");
  ASSERT_TRUE(r.loop.RunUntil([&] { return receiver.all_closed(); }, Clock::now() + kBound));
  EXPECT_EQ(receiver.log()[0].received, "one\ntwo\nthree\n");
}

TEST(LineClient, RefusedConnectionSaysToStartTheOtherSideFirst) {
  Session r;
  // Bound, never listening: connecting to it is refused, and no one else can take the port.
  Fd reserved(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  Address at = Address::Parse("127.0.0.1", 0);
  ASSERT_EQ(::bind(reserved.get(), at.sa(), at.length), 0);
  Address to = LocalAddress(reserved.get());
  r.Start(Options(to, true, false), {"x"});
  ASSERT_TRUE(r.Finish());
  EXPECT_EQ(r.client->failure(), "nothing is listening on " + to.ToString() +
                                     " (connection refused): start your receiver first");
}

TEST(LineClient, TcpClientWithoutAnAnswerFailsAfterItsTimeout) {
  Session r;
  TcpServerPeer silent(r.loop, Address::Parse("127.0.0.1", 0), std::nullopt);
  r.Start(Options(silent.address(), true, true), {"hello", "never sent"});
  ASSERT_TRUE(r.Finish());
  EXPECT_NE(r.client->failure().find("no answer to 'hello' after 0.1 s"), std::string::npos)
      << r.client->failure();
  EXPECT_FALSE(r.Said("-> 'never sent\\n' (11 bytes)")) << r.All();
}

TEST(LineClient, UdpClientSendsDatagramsAndPrintsWhereAnswersCameFrom) {
  Session r;
  UdpServerPeer server(r.loop, Address::Parse("127.0.0.1", 0), "{upper}");
  r.Start(Options(server.address(), false, true), {"hello", "bye"});
  ASSERT_TRUE(r.Finish()) << r.All();
  EXPECT_EQ(r.client->failure(), "");
  std::string from = " from " + server.address().ToString();
  EXPECT_TRUE(r.Said("<- 'HELLO' (5 bytes)" + from)) << r.All();
  EXPECT_TRUE(r.Said("<- 'BYE' (3 bytes)" + from)) << r.All();
  ASSERT_EQ(server.log().size(), 1u) << "both from one socket";
  EXPECT_EQ(server.log()[0].datagrams, (std::vector<std::string>{"hello", "bye"}));
  EXPECT_EQ(server.log()[0].datagram_sizes, (std::vector<size_t>{5, 3})) << "no newline added";
}

// UDP may lose a datagram: the client says so and goes on, and fails at the end.
TEST(LineClient, UdpClientGoesOnAfterAnUnansweredDatagram) {
  Session r;
  UdpServerPeer silent(r.loop, Address::Parse("127.0.0.1", 0), std::nullopt);
  r.Start(Options(silent.address(), false, true), {"a", "b"});
  ASSERT_TRUE(r.Finish()) << r.All();
  EXPECT_EQ(r.client->failure(), "2 of the 2 lines sent got no answer");
  ASSERT_EQ(silent.log().size(), 1u);
  EXPECT_EQ(silent.log()[0].datagrams, (std::vector<std::string>{"a", "b"}));
}

// A port no socket is bound to (a moment ago): a datagram sent there comes back as an ICMP
// port unreachable.
Address UnusedUdpPort() {
  Fd probe = UdpBind(Address::Parse("127.0.0.1", 0));
  return LocalAddress(probe.get());
}

TEST(LineClient, UdpClientToAPortNothingListensOnSaysToStartTheServer) {
  Session r;
  Address to = UnusedUdpPort();
  LineClientOptions o = Options(to, false, true);
  o.other_side = "server";
  o.timeout = std::chrono::seconds(5);  // the refusal, not the timeout, ends it
  r.Start(o, {"hello", "never sent"});
  ASSERT_TRUE(r.Finish()) << r.All();
  EXPECT_EQ(r.client->failure(), "nothing is listening on " + to.ToString() +
                                     " (UDP: port unreachable): start your server first");
}

TEST(LineClient, UdpSenderWaitsAMomentForAPortUnreachable) {
  Session r;
  Address to = UnusedUdpPort();
  r.Start(Options(to, false, false), {"hello"});
  ASSERT_TRUE(r.Finish()) << r.All();
  EXPECT_NE(r.client->failure().find("start your receiver first"), std::string::npos)
      << r.client->failure();
}

TEST(LineClient, UdpSenderToAReceiverEndsWell) {
  Session r;
  UdpServerPeer receiver(r.loop, Address::Parse("127.0.0.1", 0), std::nullopt);
  r.Start(Options(receiver.address(), false, false), {"one", "two"});
  ASSERT_TRUE(r.Finish()) << r.All();
  EXPECT_EQ(r.client->failure(), "");
  ASSERT_EQ(receiver.log().size(), 1u);
  EXPECT_EQ(receiver.log()[0].datagrams, (std::vector<std::string>{"one", "two"}));
}

}  // namespace
}  // namespace netgrade::peers
