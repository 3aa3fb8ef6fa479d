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
      end = ReadInto(peer.get(), log);
    }
    return end;
  }
  Fd peer, student;
};

TEST(PeerLog, ReadsWhatIsQueuedAndSaysItIsDrained) {
  Pair p;
  ConnectionLog log;
  ASSERT_EQ(::send(p.student.get(), "hello\n", 6, 0), 6);
  EXPECT_EQ(ReadInto(p.peer.get(), log), ReadEnd::kDrained);
  EXPECT_EQ(log.received, "hello\n");
  ASSERT_EQ(::send(p.student.get(), "more", 4, 0), 4);
  EXPECT_EQ(ReadInto(p.peer.get(), log), ReadEnd::kDrained);
  EXPECT_EQ(log.received, "hello\nmore") << "appended, not replaced";
  EXPECT_FALSE(log.received_cut);
}

TEST(PeerLog, TheOtherSideClosingIsEofAfterTheLastBytes) {
  Pair p;
  ConnectionLog log;
  ASSERT_EQ(::send(p.student.get(), "bye", 3, 0), 3);
  p.student.Reset();
  EXPECT_EQ(ReadInto(p.peer.get(), log), ReadEnd::kEof);
  EXPECT_EQ(log.received, "bye");
}

TEST(PeerLog, AnErrorOtherThanWouldBlockIsAReset) {
  ConnectionLog log;
  Fd not_a_socket(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  EXPECT_EQ(ReadInto(not_a_socket.get(), log), ReadEnd::kReset);
}

TEST(PeerLog, AFloodIsKeptUpToTheCapAndTheRestDiscarded) {
  Pair p;
  ConnectionLog log;
  std::string flood(kReceiveCap + 1000, 'x');
  p.Send(flood, log);
  while (ReadInto(p.peer.get(), log) == ReadEnd::kDrained && !log.received_cut) {
  }
  EXPECT_EQ(log.received.size(), kReceiveCap);
  EXPECT_TRUE(log.received_cut);
}

}  // namespace
}  // namespace netgrade::peers
