#include "harness/peers/script_conn.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <memory>
#include <string>
#include <vector>

namespace netgrade::peers {
namespace {

const auto kBound = std::chrono::seconds(5);  // bounds a failure only

// A connection made to a listening socket of the test, and the test's end of it.
struct Pair {
  EventLoop loop;
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  std::vector<ConnectionLog> logs{1};
  RecordBudget budget;
  int changes = 0;
  ScriptConn conn{loop, "a", logs, 0, budget, true, [this] { ++changes; }};
  Fd other;
  Pair() {
    conn.Connect(LocalAddress(listener.get()));
    EXPECT_TRUE(conn.connecting());
    EXPECT_TRUE(loop.RunUntil([&] { return !conn.connecting(); }, Clock::now() + kBound));
    other = Fd(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  }
  std::string Read() {
    char buf[256];
    ssize_t n = ::recv(other.get(), buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, n) : std::string();
  }
};

TEST(ScriptConn, ATextSentWithoutItsNewlineIsContinuedByTheNextAsOneMessage) {
  Pair p;
  EXPECT_TRUE(p.conn.open());
  EXPECT_TRUE(p.conn.silent()) << "nothing sent yet";
  p.conn.Send("hal", /*newline=*/false);
  EXPECT_TRUE(p.conn.flushed());
  EXPECT_EQ(p.Read(), "hal");
  p.conn.Send("lo", true);
  EXPECT_EQ(p.Read(), "lo\n");
  EXPECT_EQ(p.logs[0].sent, std::vector<std::string>{"hallo"});
  EXPECT_EQ(p.conn.last_sent(), "hallo");
  EXPECT_EQ(p.conn.sent_count(), 1);
}

TEST(ScriptConn, LinesAreTakenOneAtATimeAndAPartialLineWaits) {
  Pair p;
  p.conn.Send("x", true);
  ASSERT_EQ(::send(p.other.get(), "ONE\r\nTW", 7, 0), 7);
  ASSERT_TRUE(
      p.loop.RunUntil([&] { return p.logs[0].received.size() == 7; }, Clock::now() + kBound));
  EXPECT_FALSE(p.conn.silent()) << "an answer came";
  EXPECT_EQ(p.conn.TakeMessage(), "ONE");
  EXPECT_EQ(p.conn.TakeMessage(), std::nullopt);
  EXPECT_EQ(p.conn.Untaken(), "TW");
  ASSERT_EQ(::send(p.other.get(), "O\n", 2, 0), 2);
  ASSERT_TRUE(
      p.loop.RunUntil([&] { return p.logs[0].received.size() == 9; }, Clock::now() + kBound));
  EXPECT_EQ(p.conn.TakeMessage(), "TWO");
  EXPECT_GT(p.changes, 0);
}

TEST(ScriptConn, TheProgramsCloseIsSeenAndASendAfterItsResetFails) {
  Pair p;
  p.other.Reset();  // the program closes
  ASSERT_TRUE(p.loop.RunUntil([&] { return p.conn.ended(); }, Clock::now() + kBound));
  EXPECT_TRUE(p.logs[0].eof);
  EXPECT_FALSE(p.conn.open());
  p.conn.Send("one", true);  // the program's side answers with a reset
  ASSERT_TRUE(p.loop.RunUntil(
      [&] {
        p.conn.Send("two", true);
        return p.conn.send_failed();
      },
      Clock::now() + kBound));
}

TEST(ScriptConn, AResetReachesTheProgramAsConnectionReset) {
  Pair p;
  p.conn.Reset();
  char buf[8];
  pollfd pf{p.other.get(), POLLIN, 0};
  ASSERT_EQ(::poll(&pf, 1, 1000), 1);
  EXPECT_EQ(::recv(p.other.get(), buf, sizeof buf, 0), -1);
  EXPECT_EQ(errno, ECONNRESET);
}

TEST(ScriptConn, ACloseIsAFinAndTheProgramsLastWordsAreStillRead) {
  Pair p;
  p.conn.Close();
  char buf[8];
  pollfd pf{p.other.get(), POLLIN, 0};
  ASSERT_EQ(::poll(&pf, 1, 1000), 1);
  EXPECT_EQ(::recv(p.other.get(), buf, sizeof buf, 0), 0) << "not a FIN";
  ASSERT_EQ(::send(p.other.get(), "BYE\n", 4, 0), 4);
  ASSERT_TRUE(
      p.loop.RunUntil([&] { return p.logs[0].received == "BYE\n"; }, Clock::now() + kBound));
}

TEST(ScriptConn, AUdpFlowSendsDatagramsAndTakesEachAnswer) {
  EventLoop loop;
  Fd server = UdpBind(Address::Parse("127.0.0.1", 0));
  std::vector<ConnectionLog> logs(1);
  RecordBudget budget;
  ScriptConn conn(loop, "a", logs, 0, budget, /*tcp=*/false, [] {});
  conn.Connect(LocalAddress(server.get()));
  EXPECT_TRUE(conn.open());
  conn.Send("ping", true);  // one datagram, without a newline
  char buf[64];
  Address from;
  from.length = sizeof from.storage;
  pollfd pf{server.get(), POLLIN, 0};
  ASSERT_EQ(::poll(&pf, 1, 1000), 1);
  ssize_t n = ::recvfrom(server.get(), buf, sizeof buf, 0, from.sa(), &from.length);
  EXPECT_EQ(std::string(buf, n), "ping");
  ASSERT_EQ(::sendto(server.get(), "PING\n", 5, 0, from.sa(), from.length), 5);
  ASSERT_TRUE(loop.RunUntil([&] { return logs[0].datagrams.size() == 1; }, Clock::now() + kBound));
  EXPECT_EQ(conn.TakeMessage(), "PING");
  EXPECT_EQ(conn.TakeMessage(), std::nullopt);
}

}  // namespace
}  // namespace netgrade::peers
