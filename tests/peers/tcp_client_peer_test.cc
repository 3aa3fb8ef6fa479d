#include "harness/peers/tcp_client_peer.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "harness/base/proc.h"

namespace netgrade::peers {
namespace {

const auto kBound = std::chrono::seconds(10);  // bounds a failure only

// A student's server on the loop that answers each line in upper case and closes a
// connection when the client closes its side (or, `closes` false, keeps it open: a Python
// server whose makefile() still holds the socket it closed).
class UpperServer {
 public:
  explicit UpperServer(EventLoop& loop, bool closes = true)
      : loop_(loop), listener_(TcpListen(Address::Parse("127.0.0.1", 0))), closes_(closes) {
    loop_.Watch(listener_.get(), POLLIN, [this](short) {
      int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      ++accepted;
      conns_[fd] = std::make_unique<Fd>(fd);
      loop_.Watch(fd, POLLIN, [this, fd](short) { OnData(fd); });
    });
  }
  ~UpperServer() {
    for (auto& [fd, owned] : conns_) loop_.Unwatch(fd);
    loop_.Unwatch(listener_.get());
  }
  Address address() const { return LocalAddress(listener_.get()); }
  std::string received;
  int accepted = 0;

 private:
  void OnData(int fd) {
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) {
      received.append(buf, n);
      pending_[fd].append(buf, n);
    }
    std::string& p = pending_[fd];
    for (size_t nl; (nl = p.find('\n')) != std::string::npos; p.erase(0, nl + 1)) {
      std::string answer = p.substr(0, nl + 1);
      for (char& c : answer) c = static_cast<char>(::toupper(static_cast<unsigned char>(c)));
      ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
    }
    if (n == 0) {
      loop_.Unwatch(fd);
      if (closes_) conns_.erase(fd);
    }
  }
  EventLoop& loop_;
  Fd listener_;
  bool closes_;
  std::map<int, std::unique_ptr<Fd>> conns_;
  std::map<int, std::string> pending_;
};

TEST(TcpClientPeer, PlaysAConversationAndRecordsTheAnswers) {
  EventLoop loop;
  UpperServer server(loop);
  std::vector<spec::Connection> plan = {
      {.send = {"hello", "world"}, .draws = {}, .mode = spec::SendMode::kConversation, .mark = {}}};
  TcpClientPeer peer(loop, plan, /*expect_replies=*/true, server.address());
  EXPECT_FALSE(peer.done());
  peer.Start();
  ASSERT_TRUE(loop.RunUntil([&] { return peer.done(); }, Clock::now() + kBound)) << peer.Describe();
  ASSERT_EQ(peer.log().size(), 1u);
  const ConnectionLog& l = peer.log()[0];
  EXPECT_TRUE(l.connected);
  EXPECT_TRUE(l.complete);
  EXPECT_EQ(l.sent, (std::vector<std::string>{"hello", "world"}));
  EXPECT_EQ(l.received, "HELLO\nWORLD\n");
  EXPECT_EQ(server.received, "hello\nworld\n");
}

// The textbook's server answers and closes first. Its port must not be left in TIME_WAIT:
// without network namespaces the next case's server binds the same fixed port, without
// SO_REUSEADDR, in the same network.
TEST(TcpClientPeer, AServerThatClosesFirstIsNotLeftInTimeWaitOnItsPort) {
  EventLoop loop;
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  uint16_t port = LocalAddress(listener.get()).port();
  std::unique_ptr<Fd> conn;
  std::string line;
  loop.Watch(listener.get(), POLLIN, [&](short) {
    conn = std::make_unique<Fd>(
        ::accept4(listener.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    loop.Watch(conn->get(), POLLIN, [&](short) {
      char buf[256];
      ssize_t n;
      while ((n = ::recv(conn->get(), buf, sizeof buf, 0)) > 0) line.append(buf, n);
      if (line.find('\n') == std::string::npos) return;
      ::send(conn->get(), "HELLO\n", 6, MSG_NOSIGNAL);
      loop.Unwatch(conn->get());
      conn.reset();  // closes first, as the textbook's server does
    });
  });
  std::vector<spec::Connection> plan = {
      {.send = {"hello"}, .draws = {}, .mode = spec::SendMode::kConversation, .mark = {}}};
  TcpClientPeer peer(loop, plan, /*expect_replies=*/true, LocalAddress(listener.get()));
  peer.Start();
  ASSERT_TRUE(loop.RunUntil([&] { return peer.done(); }, Clock::now() + kBound)) << peer.Describe();
  EXPECT_EQ(peer.log()[0].received, "HELLO\n");
  EXPECT_TRUE(peer.log()[0].eof);
  loop.Unwatch(listener.get());
  listener.Reset();
  for (const ProcNetRow& row : ReadProcNet("/proc/self/net/tcp"))
    EXPECT_FALSE(row.local_port == port && row.state == 0x06) << "TIME_WAIT on the server's port";
  Fd again(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  Address same = Address::Parse("127.0.0.1", port);
  EXPECT_EQ(::bind(again.get(), same.sa(), same.length), 0)
      << "the port cannot be bound again without SO_REUSEADDR: " << std::strerror(errno);
}

TEST(TcpClientPeer, PlaysEachPlannedConnectionInTurn) {
  EventLoop loop;
  UpperServer server(loop);
  std::vector<spec::Connection> plan = {
      {.send = {"a"}, .draws = {}, .mode = spec::SendMode::kConversation, .mark = {}},
      {.send = {"b"}, .draws = {}, .mode = spec::SendMode::kConversation, .mark = {}}};
  TcpClientPeer peer(loop, plan, true, server.address());
  peer.Start();
  ASSERT_TRUE(loop.RunUntil([&] { return peer.done(); }, Clock::now() + kBound)) << peer.Describe();
  ASSERT_EQ(peer.log().size(), 2u);
  EXPECT_EQ(peer.log()[0].received, "A\n");
  EXPECT_EQ(peer.log()[1].received, "B\n");
  EXPECT_EQ(server.accepted, 2);
}

// After its answers the client lingers for the server's close. Another connection follows
// that linger's end: it is due (actions_pending). After the last one the end changes nothing
// the server could see (the client's FIN went at the linger's start), so a server that keeps
// the connection open can be seen at rest meanwhile, and its case end then.
TEST(TcpClientPeer, OnlyALingerAnotherConnectionFollowsIsSomethingDue) {
  EventLoop loop;
  UpperServer server(loop, /*closes=*/false);
  std::vector<spec::Connection> plan = {
      {.send = {"a"}, .draws = {}, .mode = spec::SendMode::kConversation, .mark = {}},
      {.send = {"b"}, .draws = {}, .mode = spec::SendMode::kConversation, .mark = {}}};
  TcpClientPeer peer(loop, plan, true, server.address(), {}, std::chrono::milliseconds(100));
  peer.Start();
  auto answered = [&](size_t i) { return peer.log().size() > i && peer.log()[i].complete; };
  ASSERT_TRUE(loop.RunUntil([&] { return answered(0); }, Clock::now() + kBound));
  EXPECT_GT(loop.actions_pending(), 0u) << "lingering on the first of two connections";
  ASSERT_TRUE(loop.RunUntil([&] { return answered(1); }, Clock::now() + kBound));
  EXPECT_FALSE(peer.done());
  EXPECT_EQ(loop.actions_pending(), 0u) << "lingering on the last connection";
  ASSERT_TRUE(loop.RunUntil([&] { return peer.done(); }, Clock::now() + kBound))
      << "the linger still ends";
  EXPECT_EQ(peer.log()[1].received, "B\n");
}

TEST(TcpClientPeer, ARefusedConnectionIsRecordedAndEndsThePlan) {
  EventLoop loop;
  Address closed;
  {
    Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
    closed = LocalAddress(listener.get());
  }
  TcpClientPeer peer(
      loop, {{.send = {"hello"}, .draws = {}, .mode = spec::SendMode::kConversation, .mark = {}}},
      true, closed);
  peer.Start();
  ASSERT_TRUE(loop.RunUntil([&] { return peer.done(); }, Clock::now() + kBound));
  ASSERT_EQ(peer.log().size(), 1u);
  EXPECT_FALSE(peer.log()[0].connected);
  EXPECT_EQ(peer.log()[0].connect_errno, ECONNREFUSED);
  EXPECT_FALSE(peer.log()[0].complete);
}

TEST(TcpClientPeer, SaysWhatItWaitsForWhenTheServerNeverAnswers) {
  EventLoop loop;
  Fd silent = TcpListen(Address::Parse("127.0.0.1", 0));  // accepts (backlog), never reads
  TcpClientPeer peer(
      loop, {{.send = {"hello"}, .draws = {}, .mode = spec::SendMode::kConversation, .mark = {}}},
      true, LocalAddress(silent.get()));
  peer.Start();
  ASSERT_TRUE(loop.RunUntil([&] { return !peer.log().empty() && !peer.log()[0].sent.empty(); },
                            Clock::now() + kBound));
  EXPECT_FALSE(peer.done());
  EXPECT_NE(peer.Describe().find("hello"), std::string::npos) << peer.Describe();
}

}  // namespace
}  // namespace netgrade::peers
