// Which system calls wait, by this machine's numbers, and which one a thread is in, read
// from /proc: its fields, its state, and whether a socket it reads has a receive timeout.
#include "harness/observe/blocking_calls.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include <string>

#include "tests/support/forked_child.h"

namespace netgrade::observe {
namespace {

using Child = testing_support::ForkedChild;
using testing_support::Eventually;

TEST(BlockingCalls, TheCallsThatWaitAreKnownWithHowTheirTimeoutIsRead) {
  ASSERT_NE(WaitingCall(SYS_recvfrom), nullptr);
  EXPECT_STREQ(WaitingCall(SYS_recvfrom)->name, "recvfrom");
  EXPECT_EQ(WaitingCall(SYS_recvfrom)->timeout, Timeout::kSocketOption);
  EXPECT_EQ(WaitingCall(SYS_accept4)->timeout, Timeout::kNone);
  EXPECT_EQ(WaitingCall(SYS_ppoll)->timeout, Timeout::kPointerArg3);
  EXPECT_EQ(WaitingCall(SYS_pselect6)->timeout, Timeout::kSelectArg5);
  EXPECT_EQ(WaitingCall(SYS_futex)->timeout, Timeout::kPointerArg4);
  EXPECT_EQ(WaitingCall(SYS_write), nullptr) << "a write does not wait for input";
  EXPECT_EQ(WaitingCall(SYS_connect), nullptr);
  EXPECT_EQ(WaitingCall(SYS_nanosleep), nullptr) << "a sleep is thread_waits.h's, with its timer";
}

TEST(BlockingCalls, ASyscallTextGivesItsNumberAndArguments) {
  std::vector<unsigned long> f =
      SyscallFields("45 0x3 0x7ffd1000 0x400 0x0 0x0 0x0 0x7ffd 0x7f00\n");
  ASSERT_EQ(f.size(), 7u) << "the number and six arguments: the stack and pc are left";
  EXPECT_EQ(f[0], 45u);
  EXPECT_EQ(f[1], 3u);
  EXPECT_EQ(f[3], 0x400u);
  EXPECT_TRUE(SyscallFields("").empty());
}

TEST(BlockingCalls, AThreadInRecvIsReadWithItsSocketsTimeout) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
  Child plain([&] {
    char b;
    ::recv(sv[1], &b, 1, 0);
  });
  Child timed([&] {
    timeval tv{30, 0};
    ::setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char b;
    ::recv(sv[0], &b, 1, 0);
  });
  for (pid_t pid : {plain.pid(), timed.pid()}) {
    std::string dir = "/proc/" + std::to_string(pid);
    ASSERT_TRUE(Eventually([&] {
      std::vector<unsigned long> f = SyscallFieldsOf(pid, dir);
      return !f.empty() && static_cast<long>(f[0]) == SYS_recvfrom &&
             TaskState(dir + "/stat") == 'S';
    }));
    std::optional<std::string> text = SyscallText(pid, dir + "/task/" + std::to_string(pid));
    ASSERT_TRUE(text.has_value());
    EXPECT_EQ(text->rfind(std::to_string(SYS_recvfrom) + " ", 0), 0u) << *text;
  }
  EXPECT_EQ(HasReceiveTimeout(plain.pid(), sv[1]), false);
  EXPECT_EQ(HasReceiveTimeout(timed.pid(), sv[0]), true);
  ::close(sv[0]);
  ::close(sv[1]);
}

TEST(BlockingCalls, ANoProcessHasNoStateNoCallAndNoHelper) {
  EXPECT_EQ(TaskState("/proc/0/stat"), '?');
  EXPECT_TRUE(SyscallFieldsOf(0, "/proc/0").empty());
  EXPECT_EQ(SightOf("/proc/0"), nullptr);
}

}  // namespace
}  // namespace netgrade::observe
