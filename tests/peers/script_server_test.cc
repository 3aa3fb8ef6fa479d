#include "harness/peers/script_server.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <string>
#include <vector>

namespace netgrade::peers {
namespace {

const auto kBound = std::chrono::seconds(5);  // bounds a failure only

TEST(ScriptServer, StoppedItsTcpPortRefusesAndStartedAgainItAcceptsOnTheSamePort) {
  EventLoop loop;
  int accepted = 0;
  ScriptServer server(loop, /*tcp=*/true,
                      [&](Fd, const Address&, const std::string&) { ++accepted; }, {});
  server.Start(Address::Parse("127.0.0.1", 0));
  Address at = server.address();
  ASSERT_NE(at.port(), 0);
  Fd one = TcpConnectStart(at);
  ASSERT_TRUE(loop.RunUntil([&] { return accepted == 1; }, Clock::now() + kBound));
  server.Stop();
  EXPECT_FALSE(server.running());
  Fd probe(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  EXPECT_EQ(::connect(probe.get(), at.sa(), at.length), -1);
  EXPECT_EQ(errno, ECONNREFUSED);
  server.Start(at);
  EXPECT_EQ(server.address().port(), at.port());
  Fd two = TcpConnectStart(at);
  ASSERT_TRUE(loop.RunUntil([&] { return accepted == 2; }, Clock::now() + kBound));
}

TEST(ScriptServer, ItsUdpSocketReceivesAndAnswersTheSender) {
  EventLoop loop;
  std::vector<std::string> got;
  Address sender;
  ScriptServer* self = nullptr;
  ScriptServer server(loop, /*tcp=*/false, {},
                      [&](const std::string& data, const Address& from, const std::string&) {
                        got.push_back(data);
                        sender = from;
                        self->SendTo(from, "OK");
                      });
  self = &server;
  server.Start(Address::Parse("127.0.0.1", 0));
  Fd client = UdpBind(Address::Parse("127.0.0.1", 0));
  Address at = server.address();
  ASSERT_EQ(::connect(client.get(), at.sa(), at.length), 0);
  ASSERT_EQ(::send(client.get(), "hi\n", 3, 0), 3);
  ASSERT_TRUE(loop.RunUntil([&] { return got.size() == 1; }, Clock::now() + kBound));
  EXPECT_EQ(got[0], "hi\n");
  EXPECT_EQ(sender.port(), LocalAddress(client.get()).port());
  pollfd p{client.get(), POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 1000), 1);
  char buf[8];
  EXPECT_EQ(::recv(client.get(), buf, sizeof buf, 0), 2);
  server.Stop();
  EXPECT_FALSE(server.SendTo(sender, "x"));
}

}  // namespace
}  // namespace netgrade::peers
