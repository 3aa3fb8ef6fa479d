// What /proc tells about a process that waits: blocked where, with a timeout or not.
#include "harness/observe/waiting.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "harness/observe/blocking_calls.h"
#include "tests/support/forked_child.h"

namespace netgrade::observe {
namespace {

using Child = testing_support::ForkedChild;
using testing_support::Eventually;

TEST(Waiting, AProcessBlockedInRecvWithoutTimeoutIsWaitingWithoutTimeout) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
  Child c([&] {
    char b;
    ::recv(sv[1], &b, 1, 0);
  });
  ASSERT_TRUE(Eventually([&] { return AllWaiting({c.pid()}); }));
  BlockedCall b = BlockedIn(c.pid());
  EXPECT_EQ(b.name, "recvfrom");
  EXPECT_EQ(b.fd, sv[1]);
  EXPECT_FALSE(b.has_timeout);
  ::close(sv[0]);
  ::close(sv[1]);
}

TEST(Waiting, ASocketWithSoRcvtimeoHasATimeout) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
  Child c([&] {
    timeval tv{3, 0};
    ::setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char b;
    ::recv(sv[1], &b, 1, 0);
  });
  ASSERT_TRUE(Eventually([&] { return BlockedIn(c.pid()).name == "recvfrom"; }));
  EXPECT_TRUE(BlockedIn(c.pid()).has_timeout);
  ::close(sv[0]);
  ::close(sv[1]);
}

TEST(Waiting, PollWithATimeoutHasATimeoutAndWithoutHasNone) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  Child with([&] {
    pollfd f{p[0], POLLIN, 0};
    ::poll(&f, 1, 3000);
  });
  Child without([&] {
    pollfd f{p[0], POLLIN, 0};
    ::poll(&f, 1, -1);
  });
  ASSERT_TRUE(Eventually([&] { return BlockedIn(with.pid()).name == "poll"; }));
  ASSERT_TRUE(Eventually([&] { return BlockedIn(without.pid()).name == "poll"; }));
  EXPECT_TRUE(BlockedIn(with.pid()).has_timeout);
  EXPECT_FALSE(BlockedIn(without.pid()).has_timeout);
  ::close(p[0]);
  ::close(p[1]);
}

// At rest: every thread blocked with no timeout. A second thread that waits in poll() with a
// timeout (a timer of its own that will wake it) keeps the process from being at rest.
TEST(Waiting, AtRestOnlyWhenNoThreadHasATimer) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
  Child resting([&] {
    char b;
    ::recv(sv[1], &b, 1, 0);
  });
  ASSERT_TRUE(Eventually([&] { return Resting({resting.pid()}).has_value(); }));
  EXPECT_EQ(Resting({resting.pid()}), "recvfrom");

  Child timed([&] {
    std::thread t([] { ::poll(nullptr, 0, 60'000); });
    char b;
    ::recv(sv[1], &b, 1, 0);
    t.join();
  });
  ASSERT_TRUE(Eventually([&] { return AllWaiting({timed.pid()}); }));
  EXPECT_FALSE(Resting({timed.pid()}).has_value()) << "its poll() thread has a 60 s timer";
  EXPECT_FALSE(Resting({resting.pid(), timed.pid()}).has_value());
  EXPECT_FALSE(Resting({}).has_value());
  ::close(sv[0]);
  ::close(sv[1]);
}

// Waiting for input with a timer of its own (poll() with a timeout) is waiting, not at rest; a
// sleep is neither.
TEST(Waiting, AProgramInPollWithATimeoutIsSeenWaitingASleepingOneIsNot) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  Child polling([&] {
    pollfd f{p[0], POLLIN, 0};
    ::poll(&f, 1, 60'000);
  });
  Child sleeping([] { ::usleep(60'000'000); });
  ASSERT_TRUE(Eventually([&] { return AllSeenWaiting({polling.pid()}); }));
  EXPECT_FALSE(Resting({polling.pid()}).has_value()) << "its poll() has a 60 s timer";
  const std::string stat = "/proc/" + std::to_string(sleeping.pid()) + "/stat";
  ASSERT_TRUE(Eventually([&] { return TaskState(stat) == 'S'; })) << "asleep in its usleep()";
  EXPECT_FALSE(AllSeenWaiting({sleeping.pid()})) << "a sleep waits for no input";
  EXPECT_FALSE(AllSeenWaiting({}));
  ::close(p[0]);
  ::close(p[1]);
}

// A read() on a pipe (standard input a script feeds line by line) has no timeout: at rest.
TEST(Waiting, AReadOnAPipeIsAtRest) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  Child reader([&] {
    char b;
    ssize_t n = ::read(p[0], &b, 1);
    (void)n;
  });
  ASSERT_TRUE(Eventually([&] { return Resting({reader.pid()}).has_value(); }));
  BlockedCall b = BlockedIn(reader.pid());
  EXPECT_EQ(b.name, "read");
  EXPECT_EQ(b.fd, p[0]);
  EXPECT_FALSE(b.has_timeout);
  EXPECT_FALSE(b.timeout_unknown);
  ::close(p[0]);
  ::close(p[1]);
}

TEST(Waiting, ABusyProcessIsNotWaiting) {
  Child c([] {
    for (volatile unsigned long i = 0;;) i = i + 1;
  });
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(AllWaiting({c.pid()}));
  EXPECT_FALSE(AllWaiting({}));
}

}  // namespace
}  // namespace netgrade::observe
