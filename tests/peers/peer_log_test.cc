#include "harness/peers/peer_log.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "harness/base/fd.h"

namespace netgrade::peers {
namespace {

// A connected pair of non-blocking stream sockets: the peer's end and the student's.
struct Pair {
  Pair() {
    int sv[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv), 0);
    peer = Fd(sv[0]);
    student = Fd(sv[1]);
    int big = 4 << 20;
    ::setsockopt(peer.get(), SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    ::setsockopt(student.get(), SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
  }
  // Writes all of data from the student's side, reading on the peer's side as it goes.
  ReadEnd Send(const std::string& data, ConnectionLog& log) {
    ReadEnd end = ReadEnd::kDrained;
    for (size_t at = 0; at < data.size();) {
      ssize_t n = ::send(student.get(), data.data() + at, data.size() - at, MSG_NOSIGNAL);
      if (n > 0) at += n;
      end = ReadInto(peer.get(), log, budget);
    }
    return end;
  }
  Fd peer, student;
  RecordBudget budget;
};

TEST(PeerLog, ReadsWhatIsQueuedAndSaysItIsDrained) {
  Pair p;
  ConnectionLog log;
  ASSERT_EQ(::send(p.student.get(), "hello\n", 6, 0), 6);
  EXPECT_EQ(ReadInto(p.peer.get(), log, p.budget), ReadEnd::kDrained);
  EXPECT_EQ(log.received, "hello\n");
  ASSERT_EQ(::send(p.student.get(), "more", 4, 0), 4);
  EXPECT_EQ(ReadInto(p.peer.get(), log, p.budget), ReadEnd::kDrained);
  EXPECT_EQ(log.received, "hello\nmore") << "appended, not replaced";
  EXPECT_FALSE(log.received_cut);
}

TEST(PeerLog, TheOtherSideClosingIsEofAfterTheLastBytes) {
  Pair p;
  ConnectionLog log;
  ASSERT_EQ(::send(p.student.get(), "bye", 3, 0), 3);
  p.student.Reset();
  EXPECT_EQ(ReadInto(p.peer.get(), log, p.budget), ReadEnd::kEof);
  EXPECT_EQ(log.received, "bye");
}

TEST(PeerLog, AnErrorOtherThanWouldBlockIsAReset) {
  ConnectionLog log;
  RecordBudget budget;
  Fd not_a_socket(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  EXPECT_EQ(ReadInto(not_a_socket.get(), log, budget), ReadEnd::kReset);
}

TEST(PeerLog, AFloodIsKeptUpToTheCapAndTheRestDiscarded) {
  Pair p;
  ConnectionLog log;
  std::string flood(kRecordBytes + 1000, 'x');
  p.Send(flood, log);
  while (ReadInto(p.peer.get(), log, p.budget) == ReadEnd::kDrained && !log.received_cut) {
  }
  EXPECT_EQ(log.received.size(), kRecordBytes);
  EXPECT_TRUE(log.received_cut);
}

TEST(PeerLog, AFloodOfNewlinesIsKeptUpToTheLineCap) {
  Pair p;
  ConnectionLog log;
  p.Send(std::string(kRecordMessages + 10, '\n'), log);
  while (ReadInto(p.peer.get(), log, p.budget) == ReadEnd::kDrained && !log.received_cut) {
  }
  EXPECT_EQ(log.received.size(), kRecordMessages) << "one byte per line";
  EXPECT_TRUE(log.received_cut);
  EXPECT_EQ(p.budget.messages(), kRecordMessages);
}

// The cap is the case's, not each connection's: many connections do not multiply it.
TEST(PeerLog, ConnectionsShareOneBudget) {
  Pair a, b;
  RecordBudget shared;
  ConnectionLog la, lb;
  std::string three_mib(size_t{3} << 20, 'x');
  for (auto [pair, log] : {std::pair{&a, &la}, std::pair{&b, &lb}}) {
    for (size_t at = 0; at < three_mib.size();) {
      ssize_t n =
          ::send(pair->student.get(), three_mib.data() + at, three_mib.size() - at, MSG_NOSIGNAL);
      if (n > 0) at += static_cast<size_t>(n);
      ReadInto(pair->peer.get(), *log, shared);
    }
    while (!log->received_cut && log->received.size() < three_mib.size())
      ReadInto(pair->peer.get(), *log, shared);
  }
  EXPECT_EQ(la.received.size(), three_mib.size());
  EXPECT_FALSE(la.received_cut);
  EXPECT_EQ(lb.received.size(), kRecordBytes - three_mib.size());
  EXPECT_TRUE(lb.received_cut);
}

// A flood does not hold the event loop: one call reads at most kReadPerCall bytes.
TEST(PeerLog, OneCallReadsABoundedAmount) {
  Pair p;
  std::string data(size_t{3} << 20, 'x');
  size_t queued = 0;
  for (;;) {
    ssize_t n = ::send(p.student.get(), data.data() + queued, data.size() - queued, MSG_NOSIGNAL);
    if (n <= 0) break;
    queued += static_cast<size_t>(n);
  }
  ASSERT_GT(queued, kReadPerCall + 65536) << "the socket buffers held too little to tell";
  ConnectionLog log;
  EXPECT_EQ(ReadInto(p.peer.get(), log, p.budget), ReadEnd::kDrained);
  EXPECT_GE(log.received.size(), kReadPerCall);
  EXPECT_LT(log.received.size(), queued);
}

TEST(RecordBudget, KeepsAStreamUpToTheLastNewlineThatFits) {
  RecordBudget b;
  EXPECT_EQ(b.FitStream("a\nb\nc", 5), 5u);
  b.Take(0, kRecordMessages - 1);
  EXPECT_EQ(b.FitStream("a\nb\nc", 5), 3u) << "one more line fits, and the bytes before the next";
  b.Take(kRecordBytes - 2, 0);
  EXPECT_EQ(b.FitStream("abc", 3), 2u) << "two bytes left";
  EXPECT_TRUE(b.Fits(2));
  EXPECT_FALSE(b.Fits(3));
  b.Take(0, 1);
  EXPECT_FALSE(b.Fits(0)) << "no message left";
}

}  // namespace
}  // namespace netgrade::peers
