#include "harness/proxy/tcp_proxy.h"

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

namespace netgrade::proxy {
namespace {

const Address kLoopback = Address::Parse("127.0.0.1", 0);

// A TCP receiver on the loop that records the size of every recv().
struct TcpReceiver {
  TcpReceiver(EventLoop& loop) : loop(loop), listener(TcpListen(kLoopback)) {
    loop.Watch(listener.get(), POLLIN, [this](short) {
      conn = Fd(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
      this->loop.Watch(conn.get(), POLLIN, [this](short) {
        char buf[4096];
        ssize_t n = ::recv(conn.get(), buf, sizeof buf, 0);
        if (n > 0) {
          data.append(buf, n);
          sizes.push_back(n);
        } else if (n == 0 || errno != EAGAIN) {
          ended = true;
          reset = n < 0;
          this->loop.Unwatch(conn.get());
        }
      });
    });
  }
  ~TcpReceiver() {
    loop.Unwatch(listener.get());
    if (conn) loop.Unwatch(conn.get());
  }
  EventLoop& loop;
  Fd listener, conn;
  std::string data;
  std::vector<ssize_t> sizes;
  bool ended = false, reset = false;
};

TEST(TcpProxy, SlicesTheStreamByteByByteEvenInsideUtf8) {
  EventLoop loop;
  TcpReceiver receiver(loop);
  spec::DirectionFaults f;
  f.slice = 1;
  ProxyOptions o{.listen = kLoopback,
                 .target = LocalAddress(receiver.listener.get()),
                 .upstream = f,
                 .downstream = {},
                 .upstream_is = plan::Direction::kToStudent,
                 .seed = 1,
                 .thresholds = {}};
  TcpProxy proxy(loop, o);
  Fd sender = TcpConnectStart(Address::Parse("127.0.0.1", proxy.port()));
  pollfd p{sender.get(), POLLOUT, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  const std::string text = "héllo\n";  // 7 bytes: é is two
  ASSERT_EQ(::send(sender.get(), text.data(), text.size(), 0), static_cast<ssize_t>(text.size()));
  ::shutdown(sender.get(), SHUT_WR);
  loop.RunUntil([&] { return receiver.ended; }, Clock::now() + std::chrono::seconds(5));
  EXPECT_EQ(receiver.data, text);
  EXPECT_EQ(receiver.sizes, std::vector<ssize_t>(7, 1));
  EXPECT_FALSE(receiver.reset) << "the half-close is passed on as a close";
}

// A TCP echo server on the loop: one connection, everything read is written back.
struct TcpEcho {
  TcpEcho(EventLoop& loop) : loop(loop), listener(TcpListen(kLoopback)) {
    loop.Watch(listener.get(), POLLIN, [this](short) {
      conn = Fd(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
      this->loop.Watch(conn.get(), POLLIN, [this](short) {
        char buf[4096];
        ssize_t n = ::recv(conn.get(), buf, sizeof buf, 0);
        if (n > 0)
          ::send(conn.get(), buf, n, MSG_NOSIGNAL);
        else if (n == 0 || errno != EAGAIN)
          this->loop.Unwatch(conn.get());
      });
    });
  }
  ~TcpEcho() {
    loop.Unwatch(listener.get());
    if (conn) loop.Unwatch(conn.get());
  }
  EventLoop& loop;
  Fd listener, conn;
};

Fd ConnectedClient(uint16_t port) {
  Fd c = TcpConnectStart(Address::Parse("127.0.0.1", port));
  pollfd p{c.get(), POLLOUT, 0};
  EXPECT_EQ(::poll(&p, 1, 5000), 1);
  return c;
}

TEST(TcpProxy, CoalesceStillLetsEachRequestBeAnswered) {
  EventLoop loop;
  TcpEcho echo(loop);
  spec::DirectionFaults f;
  f.coalesce = true;
  ProxyOptions o{.listen = kLoopback,
                 .target = LocalAddress(echo.listener.get()),
                 .upstream = f,
                 .downstream = f,
                 .upstream_is = plan::Direction::kToStudent,
                 .seed = 1,
                 .thresholds = {}};
  TcpProxy proxy(loop, o);
  Fd client = ConnectedClient(proxy.port());
  std::string answers;
  loop.Watch(client.get(), POLLIN, [&](short) {
    char buf[256];
    ssize_t n = ::recv(client.get(), buf, sizeof buf, 0);
    if (n > 0) answers.append(buf, n);
  });
  // Each request waits for its answer, and the client never closes: a write held until the
  // next one (or the end) would never be answered.
  for (std::string request : {"ping\n", "pong\n"}) {
    size_t want = answers.size() + request.size();
    ::send(client.get(), request.data(), request.size(), 0);
    EXPECT_TRUE(loop.RunUntil([&] { return answers.size() >= want; },
                              Clock::now() + std::chrono::seconds(5)))
        << "no answer to " << request;
  }
  EXPECT_EQ(answers, "ping\npong\n");
  loop.Unwatch(client.get());
}

TEST(TcpProxy, CoalesceMergesWritesThatFollowEachOther) {
  EventLoop loop;
  TcpReceiver receiver(loop);
  spec::DirectionFaults f;
  f.coalesce = true;
  ProxyOptions o{.listen = kLoopback,
                 .target = LocalAddress(receiver.listener.get()),
                 .upstream = f,
                 .downstream = {},
                 .upstream_is = plan::Direction::kToStudent,
                 .seed = 1,
                 .thresholds = {}};
  o.coalesce_window = std::chrono::seconds(60);  // so the merge does not depend on timing
  TcpProxy proxy(loop, o);
  Fd sender = ConnectedClient(proxy.port());
  for (size_t i = 0; i < 3; ++i) {
    ::send(sender.get(), "abc" + i, 1, 0);
    // The proxy has read this write on its own before the next one is sent.
    ASSERT_TRUE(loop.RunUntil([&] { return proxy.transcript().entries().size() == i + 1; },
                              Clock::now() + std::chrono::seconds(5)));
  }
  ::shutdown(sender.get(), SHUT_WR);  // the end flushes what is held
  loop.RunUntil([&] { return receiver.ended; }, Clock::now() + std::chrono::seconds(5));
  EXPECT_EQ(receiver.data, "abc");
  EXPECT_EQ(receiver.sizes, std::vector<ssize_t>{3}) << "three writes, one recv";
}

TEST(TcpProxy, DelaysKeepTheStreamWholeAndInOrderThroughTheSendersClose) {
  EventLoop loop;
  TcpReceiver receiver(loop);
  spec::DirectionFaults f;
  f.delay_ms = 5;
  f.jitter_ms = 40;  // a later write may draw a shorter delay: it must still come after
  ProxyOptions o{.listen = kLoopback,
                 .target = LocalAddress(receiver.listener.get()),
                 .upstream = f,
                 .downstream = {},
                 .upstream_is = plan::Direction::kToStudent,
                 .seed = 1,
                 .thresholds = {}};
  TcpProxy proxy(loop, o);
  Fd sender = ConnectedClient(proxy.port());
  std::string sent;
  for (int i = 0; i < 6; ++i) {
    std::string line = "line " + std::to_string(i) + "\n";
    ::send(sender.get(), line.data(), line.size(), 0);
    sent += line;
    ASSERT_TRUE(loop.RunUntil(
        [&] { return proxy.transcript().entries().size() == static_cast<size_t>(i + 1); },
        Clock::now() + std::chrono::seconds(5)));
  }
  ::shutdown(sender.get(), SHUT_WR);  // at once: every write is still waiting out its delay
  EXPECT_TRUE(
      loop.RunUntil([&] { return receiver.ended; }, Clock::now() + std::chrono::seconds(5)));
  EXPECT_EQ(receiver.data, sent);
  EXPECT_FALSE(receiver.reset);
}

TEST(TcpProxy, ResetsAfterTheNamedNumberOfBytes) {
  EventLoop loop;
  TcpReceiver receiver(loop);
  spec::DirectionFaults f;
  f.reset_after = 5;
  ProxyOptions o{.listen = kLoopback,
                 .target = LocalAddress(receiver.listener.get()),
                 .upstream = f,
                 .downstream = {},
                 .upstream_is = plan::Direction::kToStudent,
                 .seed = 1,
                 .thresholds = {}};
  TcpProxy proxy(loop, o);
  Fd sender = TcpConnectStart(Address::Parse("127.0.0.1", proxy.port()));
  pollfd p{sender.get(), POLLOUT, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  ::send(sender.get(), "hello world\n", 12, 0);
  loop.RunUntil([&] { return receiver.ended; }, Clock::now() + std::chrono::seconds(5));
  EXPECT_EQ(receiver.data, "hello");
  EXPECT_TRUE(receiver.reset);
  std::vector<std::string> lines = proxy.transcript().LinesWithoutTimes();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("5 B of 12 passed, then the connection was reset"), std::string::npos)
      << lines[0];
}

}  // namespace
}  // namespace netgrade::proxy
