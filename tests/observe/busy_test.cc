#include "harness/observe/busy.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

namespace netgrade::observe {
namespace {

using std::chrono::milliseconds;

TEST(BusyWatch, CountsCpuTimeBurntWhileNothingHappens) {
  BusyWatch w;
  TimePoint t0{};
  w.Look(t0, 0, 6);
  w.Look(t0 + milliseconds(10), 0, 7);            // it did something
  w.Look(t0 + milliseconds(110), 95'000'000, 7);  // then 95% of a CPU, nothing happened
  EXPECT_EQ(w.idle_cpu_ns(), 95'000'000);
  EXPECT_NEAR(w.idle_share(), 0.95, 1e-9);
}

TEST(BusyWatch, StartUpWorkBeforeAnythingHappensIsNotIdle) {
  BusyWatch w;
  TimePoint t0{};
  w.Look(t0, 0, 7);
  w.Look(t0 + milliseconds(1000), 1'000'000'000, 7);  // a second of checksums, nothing sent
  EXPECT_EQ(w.idle_cpu_ns(), 0);
  w.Look(t0 + milliseconds(1010), 1'005'000'000, 8);  // the first packet
  w.Look(t0 + milliseconds(1110), 1'100'000'000, 8);  // then a spin
  EXPECT_EQ(w.idle_cpu_ns(), 95'000'000);
}

TEST(BusyWatch, CpuTimeSpentOnWorkIsNotIdle) {
  BusyWatch w;
  TimePoint t0{};
  w.Look(t0, 0, 7);
  w.Look(t0 + milliseconds(100), 100'000'000, 8);  // it printed or sent meanwhile
  EXPECT_EQ(w.idle_cpu_ns(), 0);
}

TEST(BusyWatch, AProgramThatMostlySleepsIsNotSpinning) {
  BusyWatch w;
  TimePoint t0{};
  w.Look(t0, 0, 6);
  w.Look(t0, 0, 7);
  w.Look(t0 + milliseconds(100), 30'000'000, 7);  // 30% of a CPU: not a busy loop
  EXPECT_EQ(w.idle_cpu_ns(), 0);
  EXPECT_EQ(w.idle_share(), 0);
}

TEST(BusyWatch, TheFirstLookOnlySetsTheStart) {
  BusyWatch w;
  w.Look(TimePoint{}, 500'000'000, 7);  // CPU time before the first look is not counted
  EXPECT_EQ(w.idle_cpu_ns(), 0);
}

TEST(CpuTimeNs, GrowsWhileAChildSpinsAndNotWhileItSleeps) {
  pid_t spinner = ::fork();
  if (spinner == 0)
    for (volatile unsigned n = 0;;) n = n + 1;
  pid_t sleeper = ::fork();
  if (sleeper == 0) {
    ::pause();
    ::_exit(0);
  }
  std::optional<int64_t> spin0 = CpuTimeNs({spinner}), sleep0 = CpuTimeNs({sleeper});
  ASSERT_TRUE(spin0 && sleep0);
  // Bounded by the CPU time it gains, not by a sleep: it spins until it has used 20 ms.
  std::optional<int64_t> spin1 = spin0;
  for (auto end = Clock::now() + std::chrono::seconds(10);
       Clock::now() < end && *spin1 - *spin0 < 20'000'000;)
    spin1 = CpuTimeNs({spinner});
  std::optional<int64_t> sleep1 = CpuTimeNs({sleeper});
  ::kill(spinner, SIGKILL);
  ::kill(sleeper, SIGKILL);
  ::waitpid(spinner, nullptr, 0);
  ::waitpid(sleeper, nullptr, 0);
  EXPECT_GE(*spin1 - *spin0, 20'000'000);
  EXPECT_LT(*sleep1 - *sleep0, 5'000'000);
  EXPECT_FALSE(CpuTimeNs({spinner}).has_value());  // gone: nothing to read
}

}  // namespace
}  // namespace netgrade::observe
