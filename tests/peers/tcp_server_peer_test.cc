#include "harness/peers/tcp_server_peer.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
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
      // Closed by the peer: a FIN, or a reset (a connection the peer ends before the client).
      if (n == 0 || (n < 0 && errno == ECONNRESET)) closed = true;
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

// Computed answers over TCP, as the UDP reference server gives them: the named groups of
// `matches` fill the reply, and a line the pattern is not found in is taken, not answered.
TEST(TcpServerPeer, AnswersWithWhatMatchesCapturedAndNotALineWithoutIt) {
  EventLoop loop;
  TcpServerPeer peer(loop, Address::Parse("127.0.0.1", 0), "ACK:{seq} #{n} of {line}",
                     "^(?P<seq>[01]):");
  Client c(loop, peer.address());
  c.Send("0:hello\nno sequence here\n1:world\n");
  const std::string want = "ACK:0 #1 of 0:hello\nACK:1 #2 of 1:world\n";
  ASSERT_TRUE(loop.RunUntil([&] { return c.got.size() >= want.size(); }, Clock::now() + kBound))
      << c.got;
  EXPECT_EQ(c.got, want);
  ASSERT_EQ(peer.log().size(), 1u);
  EXPECT_EQ(peer.log()[0].replies_sent,
            (std::vector<std::string>{"ACK:0 #1 of 0:hello", "ACK:1 #2 of 1:world"}));
}

// netgrade peer says who connected: the address the connection came from.
TEST(TcpServerPeer, RecordsTheAddressEachConnectionCameFrom) {
  EventLoop loop;
  TcpServerPeer peer(loop, Address::Parse("127.0.0.1", 0), std::nullopt);
  Client c(loop, peer.address());
  ASSERT_TRUE(loop.RunUntil([&] { return !peer.log().empty(); }, Clock::now() + kBound));
  EXPECT_EQ(peer.log()[0].remote, LocalAddress(c.fd.get()).ToString());
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

// A client that sends line after line and never reads the answers: the server's unwritten
// answers stay within kQueueCap (it stops reading, as a server blocked in send() would),
// and once the client reads, every line is answered.
TEST(TcpServerPeer, StopsReadingWhileItsAnswersAreNotRead) {
  EventLoop loop;
  TcpServerPeer peer(loop, Address::Parse("127.0.0.1", 0), "{line}{line}{line}{line}");
  Fd client(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  ::connect(client.get(), peer.address().sa(), peer.address().length);
  const std::string line = std::string(999, 'a') + "\n";  // answered with 3997 bytes
  const size_t answer_size = 4 * 999 + 1;
  std::string lines;  // 64 of them, for one send()
  for (int i = 0; i < 64; ++i) lines += line;
  size_t sent = 0, most_queued = 0;
  auto push = [&] {
    ssize_t n = ::send(client.get(), lines.data() + sent % line.size(),
                       lines.size() - sent % line.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) sent += static_cast<size_t>(n);
    loop.RunOnce(Clock::now() + std::chrono::milliseconds(1));
    most_queued = std::max(most_queued, peer.queued());
    return n > 0;
  };
  // Until the queue is full and the client can no longer send: the server stopped reading.
  TimePoint bound = Clock::now() + kBound;
  while (!(peer.queued() >= TcpServerPeer::kQueueCap && !push())) {
    if (peer.queued() < TcpServerPeer::kQueueCap) push();
    ASSERT_LT(Clock::now(), bound) << "the queue never filled; sent " << sent;
    // Reading on, it would record more than kRecordBytes and cut: the kernel's buffers
    // (a few MiB) take the rest.
    ASSERT_TRUE(peer.log().empty() || !peer.log()[0].received_cut) << "the server kept reading";
  }
  for (int i = 0; i < 50; ++i) push();  // the client keeps trying
  EXPECT_LE(most_queued, TcpServerPeer::kQueueCap + answer_size);
  ASSERT_EQ(peer.log().size(), 1u);
  EXPECT_LT(peer.log()[0].received.size(), sent) << "the rest waits in the kernel's buffers";
  EXPECT_FALSE(peer.log()[0].received_cut);

  // The client reads (and finishes the line it was cut short in): the server goes on, and
  // answers every line.
  size_t got = 0;
  loop.Watch(client.get(), POLLIN | POLLOUT, [&](short revents) {
    if ((revents & POLLOUT) && sent % line.size() != 0) {
      ssize_t n = ::send(client.get(), line.data() + sent % line.size(),
                         line.size() - sent % line.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) sent += static_cast<size_t>(n);
    }
    if (sent % line.size() == 0) loop.SetEvents(client.get(), POLLIN);
    char buf[65536];
    ssize_t n;
    while ((n = ::recv(client.get(), buf, sizeof buf, MSG_DONTWAIT)) > 0)
      got += static_cast<size_t>(n);
  });
  // Every line the server recorded (the kernel's buffers may have held more than its cap).
  auto recorded_lines = [&] {
    const std::string& r = peer.log()[0].received;
    return static_cast<size_t>(std::count(r.begin(), r.end(), '\n'));
  };
  ASSERT_TRUE(loop.RunUntil(
      [&] {
        const ConnectionLog& log = peer.log()[0];
        bool all_read =
            sent % line.size() == 0 && (log.received.size() == sent || log.received_cut);
        return all_read && got == recorded_lines() * answer_size;
      },
      Clock::now() + kBound))
      << "got " << got << " bytes of answers for " << recorded_lines() << " lines recorded, "
      << sent / line.size() << " sent";
  EXPECT_GE(recorded_lines(), std::min(sent, kRecordBytes) / line.size());
  loop.Unwatch(client.get());
  EXPECT_EQ(peer.queued(), 0u);
}

}  // namespace
}  // namespace netgrade::peers
