#include "harness/peers/tcp_server_peer.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <string>

namespace netgrade::peers {
namespace {

const auto kBound = std::chrono::seconds(10);  // bounds a failure only

// A student's client on the loop: connects to the peer and collects what comes back.
struct Client {
  Client(EventLoop& loop, const Address& to) : loop(loop), fd(TcpConnectStart(to)) {
    loop.Watch(fd.get(), POLLIN, [this](short) {
      char buf[4096];
      ssize_t n;
      while ((n = ::recv(fd.get(), buf, sizeof buf, 0)) > 0) got.append(buf, n);
      if (n == 0) closed = true;
      if (n == 0 || (n < 0 && errno != EAGAIN)) this->loop.Unwatch(fd.get());
    });
  }
  ~Client() {
    if (fd) loop.Unwatch(fd.get());
  }
  // Blocks only for the connection to complete, which loopback does at once.
  void Send(const std::string& data) {
    pollfd p{fd.get(), POLLOUT, 0};
    ASSERT_EQ(::poll(&p, 1, 10000), 1);
    ASSERT_EQ(::send(fd.get(), data.data(), data.size(), MSG_NOSIGNAL), ssize_t(data.size()));
  }
  EventLoop& loop;
  Fd fd;
  std::string got;
  bool closed = false;
};

TEST(TcpServerPeer, AnswersEachCompleteLineWithTheTemplate) {
  EventLoop loop;
  TcpServerPeer peer(loop, Address::Parse("127.0.0.1", 0), "{upper}");
  ASSERT_NE(peer.address().port(), 0);
  Client c(loop, peer.address());
  c.Send("hello\nworld\r\n");
  ASSERT_TRUE(loop.RunUntil([&] { return c.got.size() >= 12; }, Clock::now() + kBound)) << c.got;
  EXPECT_EQ(c.got, "HELLO\nWORLD\n") << "a trailing \\r is not part of the message";
  ASSERT_EQ(peer.log().size(), 1u);
  EXPECT_EQ(peer.log()[0].received, "hello\nworld\r\n");
  EXPECT_EQ(peer.log()[0].replies_sent, (std::vector<std::string>{"HELLO", "WORLD"}));
  EXPECT_FALSE(peer.all_closed());
}

TEST(TcpServerPeer, ASenderIsNeverAnsweredAndItsCloseIsSeen) {
  EventLoop loop;
  TcpServerPeer peer(loop, Address::Parse("127.0.0.1", 0), std::nullopt);
  {
    Client c(loop, peer.address());
    c.Send("one\ntwo\n");
    ASSERT_TRUE(
        loop.RunUntil([&] { return !peer.log().empty() && peer.log()[0].received.size() == 8; },
                      Clock::now() + kBound));
    EXPECT_EQ(c.got, "");
  }  // the sender closes
  ASSERT_TRUE(loop.RunUntil([&] { return peer.all_closed(); }, Clock::now() + kBound));
  EXPECT_TRUE(peer.log()[0].eof);
  EXPECT_TRUE(peer.log()[0].replies_sent.empty());
}

TEST(TcpServerPeer, AMessageWithoutItsNewlineIsPendingUntilAnsweredOnRequest) {
  EventLoop loop;
  TcpServerPeer peer(loop, Address::Parse("127.0.0.1", 0), "{upper}");
  Client c(loop, peer.address());
  c.Send("abc");
  ASSERT_TRUE(loop.RunUntil([&] { return peer.unterminated_pending(); }, Clock::now() + kBound));
  EXPECT_EQ(c.got, "") << "answered before the message was complete";
  peer.AnswerUnterminated();
  ASSERT_TRUE(loop.RunUntil([&] { return c.got.size() >= 3; }, Clock::now() + kBound));
  EXPECT_EQ(c.got.substr(0, 3), "ABC");
  EXPECT_FALSE(peer.unterminated_pending());
}

TEST(TcpServerPeer, EachConnectionHasItsOwnLog) {
  EventLoop loop;
  TcpServerPeer peer(loop, Address::Parse("127.0.0.1", 0), "{n}:{line}");
  Client a(loop, peer.address());
  a.Send("x\n");
  ASSERT_TRUE(loop.RunUntil([&] { return a.got == "1:x\n"; }, Clock::now() + kBound)) << a.got;
  Client b(loop, peer.address());
  b.Send("y\n");
  ASSERT_TRUE(loop.RunUntil([&] { return b.got.size() >= 4; }, Clock::now() + kBound)) << b.got;
  ASSERT_EQ(peer.log().size(), 2u);
  EXPECT_EQ(peer.log()[0].received, "x\n");
  EXPECT_EQ(peer.log()[1].received, "y\n");
  peer.Close();
  ASSERT_TRUE(loop.RunUntil([&] { return a.closed && b.closed; }, Clock::now() + kBound))
      << "Close() leaves a connection open";
}

}  // namespace
}  // namespace netgrade::peers
