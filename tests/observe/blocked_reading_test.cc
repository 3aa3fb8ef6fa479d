// Which socket a program is asleep reading: the evidence behind one_client_at_a_time.
#include "harness/observe/blocked_reading.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>

#include "harness/observe/waiting.h"
#include "tests/support/forked_child.h"

namespace netgrade::observe {
namespace {

using Child = testing_support::ForkedChild;
using testing_support::Eventually;

uint64_t InodeOf(int fd) {
  struct stat st{};
  ::fstat(fd, &st);
  return st.st_ino;
}

bool Has(const std::vector<uint64_t>& v, uint64_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST(BlockedReading, AProcessAsleepInRecvIsBlockedReadingThatSocket) {
  int a[2], b[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, a), 0);
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, b), 0);
  Child c([&] {
    char ch;
    ::recv(a[1], &ch, 1, 0);
  });
  ASSERT_TRUE(Eventually([&] { return Has(SocketsBlockedReading({c.pid()}), InodeOf(a[1])); }));
  std::vector<uint64_t> seen = SocketsBlockedReading({c.pid()});
  EXPECT_FALSE(Has(seen, InodeOf(b[1])));  // the other client's socket: not the one it reads
  for (int fd : {a[0], a[1], b[0], b[1]}) ::close(fd);
}

TEST(BlockedReading, AProcessAsleepInPollIsBlockedReadingNoOneSocket) {
  int a[2], b[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, a), 0);
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, b), 0);
  Child c([&] {
    pollfd fds[2] = {{a[1], POLLIN, 0}, {b[1], POLLIN, 0}};
    ::poll(fds, 2, -1);
  });
  // Asleep in poll(): seen by the call's name, and no socket is named.
  ASSERT_TRUE(Eventually([&] {
    std::string call = BlockedIn(c.pid()).name;
    return call == "poll" || call == "ppoll";
  }));
  EXPECT_TRUE(SocketsBlockedReading({c.pid()}).empty());
  for (int fd : {a[0], a[1], b[0], b[1]}) ::close(fd);
}

}  // namespace
}  // namespace netgrade::observe
