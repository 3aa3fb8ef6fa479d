// A program at rest, seen on a loop whose clock the test moves by hand (rest_for passes
// without waiting), looking at real children blocked in recv() or busy.
#include "harness/run/rest_watch.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>

namespace netgrade::run {
namespace {

using std::chrono::milliseconds;

// A child that runs `body` (which blocks or spins); killed at the end of the test.
class Child {
 public:
  explicit Child(const std::function<void()>& body) {
    pid_ = ::fork();
    if (pid_ == 0) {
      body();
      ::_exit(0);
    }
  }
  ~Child() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_;
};

// Looks until `pred` holds (the child gets there by itself), bounded by 5 s.
bool Eventually(const std::function<bool()>& pred) {
  auto end = Clock::now() + std::chrono::seconds(5);
  while (Clock::now() < end)
    if (pred()) return true;
  return false;
}

struct Sockets {
  int sv[2];
  Sockets() { EXPECT_EQ(::socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0); }
  ~Sockets() {
    ::close(sv[0]);
    ::close(sv[1]);
  }
};

TEST(RestWatch, AtRestOnlyOnceItHasRestedRestForWithNothingHappening) {
  Sockets s;
  Child c([&] {
    char b;
    ::recv(s.sv[1], &b, 1, 0);
  });
  ASSERT_TRUE(Eventually([&] { return RestingCall({c.pid()}).has_value(); }));
  ManualClock clock;
  EventLoop loop(&clock);
  RestWatch rest(loop, milliseconds(300));
  int looks = 0;
  auto pids = [&] { return std::vector<pid_t>{c.pid()}; };
  auto look = [&] { ++looks; };
  EXPECT_EQ(rest.Look(1, pids, look), std::nullopt) << "a new mark: something just happened";
  EXPECT_EQ(rest.Look(1, pids, look), std::nullopt) << "resting since now";
  clock.Advance(milliseconds(299));
  EXPECT_EQ(rest.Look(1, pids, look), std::nullopt);
  clock.Advance(milliseconds(1));
  EXPECT_EQ(rest.Look(1, pids, look), "recvfrom");
  // Something printed or crossed: it starts again.
  EXPECT_EQ(rest.Look(2, pids, look), std::nullopt);
  clock.Advance(milliseconds(300));
  EXPECT_EQ(rest.Look(2, pids, look), std::nullopt);
  clock.Advance(milliseconds(300));
  EXPECT_EQ(rest.Look(2, pids, look), "recvfrom");
  EXPECT_EQ(looks, 1) << "every_look runs once per kRestLook, and the clock never ran a round";
}

TEST(RestWatch, NotAtRestWhileAnActionIsDue) {
  Sockets s;
  Child c([&] {
    char b;
    ::recv(s.sv[1], &b, 1, 0);
  });
  ASSERT_TRUE(Eventually([&] { return RestingCall({c.pid()}).has_value(); }));
  ManualClock clock;
  EventLoop loop(&clock);
  RestWatch rest(loop, milliseconds(300));
  auto pids = [&] { return std::vector<pid_t>{c.pid()}; };
  uint64_t due = loop.At(clock.now() + std::chrono::seconds(10), [] {});
  rest.Look(1, pids, [] {});
  clock.Advance(milliseconds(600));
  EXPECT_EQ(rest.Look(1, pids, [] {}), std::nullopt) << "the peer still has something to do";
  loop.Cancel(due);
  rest.Look(1, pids, [] {});
  clock.Advance(milliseconds(300));
  EXPECT_EQ(rest.Look(1, pids, [] {}), "recvfrom");
}

TEST(RestingCall, ABusyProgramIsNotResting) {
  Child c([] {
    for (volatile unsigned long i = 0;;) i = i + 1;
  });
  for (int i = 0; i < 20; ++i) EXPECT_EQ(RestingCall({c.pid()}), std::nullopt);
  EXPECT_EQ(RestingCall({}), std::nullopt);
}

}  // namespace
}  // namespace netgrade::run
