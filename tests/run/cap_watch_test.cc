#include "harness/run/cap_watch.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <vector>

namespace netgrade::run {
namespace {

// A child that holds `mib` MiB of its own (touched, so resident) until killed; it writes a
// byte once it holds them.
pid_t Holder(int mib) {
  int ready[2];
  if (::pipe(ready) != 0) return -1;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(ready[0]);
    std::vector<char> held(static_cast<size_t>(mib) << 20);
    std::memset(held.data(), 'x', held.size());
    ssize_t ignored = ::write(ready[1], "r", 1);
    (void)ignored;
    for (;;) ::pause();
  }
  ::close(ready[1]);
  char c;
  ssize_t n = ::read(ready[0], &c, 1);
  ::close(ready[0]);
  return n == 1 ? pid : -1;
}

void Reap(pid_t pid) {
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

TEST(CapWatch, StopsAProgramWhoseProcessesHoldMoreThanItsMemoryTogether) {
  pid_t a = Holder(48), b = Holder(48);
  ASSERT_GT(a, 0);
  ASSERT_GT(b, 0);
  EventLoop loop;
  int over = 0;
  CapWatch::Setup setup;
  setup.loop = &loop;
  setup.pids = [&] { return std::vector<pid_t>{a, b}; };
  setup.max_memory_bytes = int64_t{64} << 20;  // each holds less, both more
  setup.over_memory = [&] { ++over; };
  CapWatch watch(setup);
  EXPECT_TRUE(
      loop.RunUntil([&] { return watch.memory_hit(); }, loop.Now() + std::chrono::seconds(10)));
  EXPECT_EQ(over, 1);
  EXPECT_FALSE(watch.processes_hit());
  Reap(a);
  Reap(b);
}

TEST(CapWatch, LeavesAProgramUnderItsMemoryAlone) {
  pid_t a = Holder(16);
  ASSERT_GT(a, 0);
  EventLoop loop;
  CapWatch::Setup setup;
  setup.loop = &loop;
  int looks = 0;
  setup.pids = [&] {
    ++looks;
    return std::vector<pid_t>{a};
  };
  setup.max_memory_bytes = int64_t{64} << 20;
  setup.over_memory = [] { ADD_FAILURE() << "stopped under its limit"; };
  CapWatch watch(setup);
  ASSERT_TRUE(loop.RunUntil([&] { return looks >= 5; }, loop.Now() + std::chrono::seconds(10)));
  EXPECT_FALSE(watch.memory_hit());
  Reap(a);
}

// Two single-threaded children, not this process: the test binary's own threads (others of
// its tests leave a helper behind) would count as tasks of the program.
TEST(CapWatch, SaysWhenTheProgramHasAsManyProcessesAsItsCap) {
  pid_t a = Holder(1), b = Holder(1);
  ASSERT_GT(a, 0);
  ASSERT_GT(b, 0);
  EventLoop loop;
  std::vector<pid_t> pids = {a};
  int looks = 0;
  CapWatch::Setup setup;
  setup.loop = &loop;
  setup.pids = [&] {
    ++looks;
    return pids;
  };
  setup.max_processes = 2;
  CapWatch watch(setup);
  ASSERT_TRUE(loop.RunUntil([&] { return looks >= 2; }, loop.Now() + std::chrono::seconds(10)));
  EXPECT_FALSE(watch.processes_hit());
  pids.push_back(b);
  EXPECT_TRUE(
      loop.RunUntil([&] { return watch.processes_hit(); }, loop.Now() + std::chrono::seconds(10)));
  Reap(a);
  Reap(b);
}

// No kernel cap held it: past the cap (one task more) the watcher calls over_processes, once;
// at the cap it only says so.
TEST(CapWatch, StopsAProgramPastItsProcessCapOnce) {
  pid_t a = Holder(1), b = Holder(1), c = Holder(1);
  ASSERT_GT(a, 0);
  ASSERT_GT(b, 0);
  ASSERT_GT(c, 0);
  EventLoop loop;
  std::vector<pid_t> pids = {a, b};
  int looks = 0, stopped = 0;
  CapWatch::Setup setup;
  setup.loop = &loop;
  setup.pids = [&] {
    ++looks;
    return pids;
  };
  setup.max_processes = 2;
  setup.over_processes = [&] { ++stopped; };
  CapWatch watch(setup);
  ASSERT_TRUE(loop.RunUntil([&] { return looks >= 2; }, loop.Now() + std::chrono::seconds(10)));
  EXPECT_TRUE(watch.processes_hit());
  EXPECT_EQ(stopped, 0);
  pids.push_back(c);
  EXPECT_TRUE(loop.RunUntil([&] { return watch.processes_stopped(); },
                            loop.Now() + std::chrono::seconds(10)));
  looks = 0;
  ASSERT_TRUE(loop.RunUntil([&] { return looks >= 2; }, loop.Now() + std::chrono::seconds(10)));
  EXPECT_EQ(stopped, 1);
  for (pid_t p : {a, b, c}) Reap(p);
}

}  // namespace
}  // namespace netgrade::run
