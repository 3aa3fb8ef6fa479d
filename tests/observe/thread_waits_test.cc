// What would wake each thread of a program, read from /proc and the few bytes of its memory a
// call's arguments point at: the descriptors it waits on and its timer; and whether input is
// ready there now.
#include "harness/observe/thread_waits.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

#include "harness/observe/waiting.h"
#include "tests/support/forked_child.h"

namespace netgrade::observe {
namespace {

using Child = testing_support::ForkedChild;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing_support::Eventually;

// The waits of pid's threads once its first thread waits in `call` (it gets there by itself).
std::vector<ThreadWait> WaitsOnceIn(pid_t pid, const std::string& call) {
  std::vector<ThreadWait> seen;
  if (!Eventually([&] {
        seen = ThreadWaits({pid});
        return !seen.empty() && seen[0].call == call;
      }))
    ADD_FAILURE() << "never seen waiting in " << call;
  return seen;
}

TEST(ThreadWaits, ARecvWithoutTimeoutWaitsOnItsSocketForEver) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
  Child c([&] {
    char b;
    ::recv(sv[1], &b, 1, 0);
  });
  std::vector<ThreadWait> seen = WaitsOnceIn(c.pid(), "recvfrom");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].pid, c.pid());
  EXPECT_EQ(seen[0].tid, c.pid());
  EXPECT_TRUE(seen[0].fds_known);
  EXPECT_EQ(seen[0].fds, std::vector<int>{sv[1]});
  EXPECT_FALSE(seen[0].timer_length.has_value());
  EXPECT_FALSE(seen[0].timer_at.has_value());
  EXPECT_FALSE(seen[0].timer_unknown);
  EXPECT_FALSE(seen[0].unseen);
  EXPECT_FALSE(seen[0].fields.empty());
  ::close(sv[0]);
  ::close(sv[1]);
}

// Sleeps count, with their timer: a length read from the program's memory, or a moment.
TEST(ThreadWaits, ASleepHasItsTimerAndNoDescriptor) {
  Child relative([] {
    timespec t{600, 0};
    ::syscall(SYS_nanosleep, &t, nullptr);  // glibc's nanosleep() calls clock_nanosleep
  });
  std::vector<ThreadWait> seen = WaitsOnceIn(relative.pid(), "nanosleep");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_TRUE(seen[0].fds_known);
  EXPECT_TRUE(seen[0].fds.empty());
  EXPECT_EQ(seen[0].timer_length, seconds(600));

  Child absolute([] {
    timespec t{};
    ::clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_sec += 600;
    ::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, nullptr);
  });
  seen = WaitsOnceIn(absolute.pid(), "clock_nanosleep");
  ASSERT_EQ(seen.size(), 1u);
  ASSERT_TRUE(seen[0].timer_at.has_value());
  auto left = *seen[0].timer_at - std::chrono::steady_clock::now();
  EXPECT_GT(left, seconds(500));
  EXPECT_LT(left, seconds(601));
}

// poll()'s timeout is its third argument, in milliseconds; its descriptors, its array's.
TEST(ThreadWaits, APollHasItsArraysDescriptorsAndItsMilliseconds) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  Child c([&] {
    pollfd fds[1] = {{p[0], POLLIN, 0}};
    ::poll(fds, 1, 60'000);
  });
  std::vector<ThreadWait> seen = WaitsOnceIn(c.pid(), "poll");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_TRUE(seen[0].fds_known);
  EXPECT_EQ(seen[0].fds, std::vector<int>{p[0]});
  EXPECT_EQ(seen[0].timer_length, milliseconds(60'000));
  EXPECT_EQ(AnyReady(c.pid(), seen[0].fds), false);
  ::close(p[0]);
  ::close(p[1]);
}

TEST(ThreadWaits, NoProcessesHaveNoWaits) {
  EXPECT_TRUE(ThreadWaits({}).empty());
  EXPECT_EQ(AnyReady(::getpid(), {}), false) << "no descriptor: nothing to wake it";
}

// A server in select() or epoll_wait() on the listening socket and its newest client, with a
// line unread on an older client it no longer watches: only what it waits on can wake it, so
// the unread line is not input on its way (it had been, and each such case waited 300 ms).
TEST(ThreadWaits, SelectAndEpollTellTheDescriptorsTheyWaitOn) {
  int watched[2], other[2];
  ASSERT_EQ(::pipe(watched), 0);
  ASSERT_EQ(::pipe(other), 0);
  ASSERT_EQ(::write(other[1], "x", 1), 1);  // input where neither child waits
  Child selecting([&] {
    fd_set read_set;
    FD_ZERO(&read_set);
    FD_SET(watched[0], &read_set);
    ::select(watched[0] + 1, &read_set, nullptr, nullptr, nullptr);
  });
  Child polling([&] {
    int ep = ::epoll_create1(0);
    epoll_event e{};
    e.events = EPOLLIN;
    e.data.fd = watched[0];
    ::epoll_ctl(ep, EPOLL_CTL_ADD, watched[0], &e);
    ::epoll_wait(ep, &e, 1, -1);
  });
  for (pid_t pid : {selecting.pid(), polling.pid()}) {
    ASSERT_TRUE(Eventually([&] { return AllWaiting({pid}); }));
    std::vector<ThreadWait> seen = ThreadWaits({pid});
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_TRUE(seen[0].fds_known) << seen[0].call;
    EXPECT_EQ(seen[0].fds, std::vector<int>{watched[0]}) << seen[0].call;
    EXPECT_EQ(AnyReady(pid, seen[0].fds), false) << seen[0].call;
    EXPECT_EQ(AnyReady(pid, {other[0]}), true);
  }
  for (int fd : {watched[0], watched[1], other[0], other[1]}) ::close(fd);
}

}  // namespace
}  // namespace netgrade::observe
