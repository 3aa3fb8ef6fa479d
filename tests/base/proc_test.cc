#include "harness/base/proc.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <future>
#include <thread>
#include <vector>

#include "harness/base/fd.h"
#include "harness/base/file.h"

namespace netgrade {
namespace {

bool Has(const std::vector<pid_t>& pids, pid_t p) {
  return std::find(pids.begin(), pids.end(), p) != pids.end();
}

TEST(DescendantsOf, FindsChildrenAndGrandchildrenButNotTheParent) {
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // A child with a grandchild: the grandchild's pid goes up the pipe once it exists.
    pid_t grandchild = ::fork();
    if (grandchild == 0) {
      ::pause();
      ::_exit(0);
    }
    (void)!::write(ready[1], &grandchild, sizeof grandchild);
    ::pause();
    ::_exit(0);
  }
  ::close(ready[1]);
  pid_t grandchild = 0;
  ASSERT_EQ(::read(ready[0], &grandchild, sizeof grandchild),
            static_cast<ssize_t>(sizeof grandchild));
  ::close(ready[0]);

  std::vector<pid_t> found = DescendantsOf(child);
  EXPECT_TRUE(Has(found, child));
  EXPECT_TRUE(Has(found, grandchild));
  EXPECT_FALSE(Has(found, ::getpid()));
  EXPECT_TRUE(Has(DescendantsOf(::getpid()), grandchild));

  ::kill(grandchild, SIGKILL);
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
}

TEST(DescendantsOf, AProcessThatIsGoneHasNone) {
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(0);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);
  EXPECT_TRUE(DescendantsOf(child).empty());
}

// A program may name itself anything, ") S 1" included: the fields come after the last ')'.
TEST(ParseProcStat, ReadsPastAHostileCommandName) {
  std::optional<ProcStat> s = ParseProcStat("1234 (evil) S 1 (x)) R 77 1234 1234 0 -1\n");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->state, 'R');
  EXPECT_EQ(s->ppid, 77);
  EXPECT_FALSE(ParseProcStat("garbage").has_value());
}

TEST(ReadProcStat, ReadsThisProcess) {
  std::optional<ProcStat> s = ReadProcStat("/proc/self/stat");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->ppid, ::getppid());
  EXPECT_EQ(s->state, 'R');
}

TEST(ParseRunDelayNs, ReadsTheSecondField) {
  EXPECT_EQ(ParseRunDelayNs("311982654 355701120 75\n"), 355701120);
  EXPECT_FALSE(ParseRunDelayNs("garbage").has_value());
  EXPECT_FALSE(ParseRunDelayNs("12").has_value());
}

TEST(ParseSchedStat, ReadsTheTimeOnACpuAndTheTimeWaitingForOne) {
  std::optional<SchedStat> s = ParseSchedStat("311982654 355701120 75\n");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->on_cpu_ns, 311982654);
  EXPECT_EQ(s->waiting_ns, 355701120);
  EXPECT_FALSE(ParseSchedStat("-1 5 0\n").has_value());
  EXPECT_FALSE(ParseSchedStat("12").has_value());
}

TEST(ThreadSchedStats, ReadsEachThreadOfEachProcessOnceAndNoneOfAProcessGone) {
  std::atomic<bool> done{false};
  std::thread second([&] {
    while (!done) std::this_thread::yield();
  });
  size_t tasks = 0;
  for ([[maybe_unused]] const auto& t : std::filesystem::directory_iterator("/proc/self/task"))
    ++tasks;
  std::vector<SchedStat> mine = ThreadSchedStats({::getpid()});
  done = true;
  second.join();
  EXPECT_GE(tasks, 2u);
  EXPECT_EQ(mine.size(), tasks);
  // The spinning thread was on a CPU: the sum is more than nothing.
  int64_t on_cpu = 0;
  for (const SchedStat& s : mine) on_cpu += s.on_cpu_ns;
  EXPECT_GT(on_cpu, 0);
  pid_t gone = ::fork();
  if (gone == 0) ::_exit(0);
  ::waitpid(gone, nullptr, 0);
  EXPECT_TRUE(ThreadSchedStats({gone}).empty());
}

// This thread pinned to CPU 0 with a process spinning there, until this is gone: what this
// thread runs waits for the CPU about half the time.
class SharedCpu {
 public:
  SharedCpu() {
    cpu_set_t one;
    if (::sched_getaffinity(0, sizeof saved_, &saved_) != 0) return;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    if (::sched_setaffinity(0, sizeof one, &one) != 0) return;
    spinner_ = ::fork();
    if (spinner_ == 0)
      for (;;) {
      }
  }
  ~SharedCpu() {
    if (spinner_ > 0) {
      ::kill(spinner_, SIGKILL);
      ::waitpid(spinner_, nullptr, 0);
    }
    ::sched_setaffinity(0, sizeof saved_, &saved_);
  }
  bool ok() const { return spinner_ > 0; }

 private:
  cpu_set_t saved_{};
  pid_t spinner_ = -1;
};

// Runs until the calling thread has had `ns` of CPU time of its own.
void SpinOwnCpu(int64_t ns) {
  auto cpu_ns = [] {
    timespec t{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec;
  };
  for (int64_t start = cpu_ns(); cpu_ns() - start < ns;) {
  }
}

// Two processes that spin on one CPU each wait for it about half the time: the process
// that shares its CPU shows that wait, one that has it alone (the spinning child, before
// the parent spins) much less.
TEST(ReadRunDelayNs, CountsTheTimeSpentWaitingForABusyCpu) {
  std::optional<int64_t> before, after;
  {
    SharedCpu cpu;
    ASSERT_TRUE(cpu.ok());
    before = ReadRunDelayNs(::getpid());
    ASSERT_TRUE(before.has_value());
    SpinOwnCpu(100'000'000);  // 100 ms of this thread's own CPU
    after = ReadRunDelayNs(::getpid());
  }
  ASSERT_TRUE(after.has_value());
  // The spinner had the CPU for about as long as this thread did: well over 30 ms.
  EXPECT_GT(*after - *before, 30'000'000);
}

// A second thread that spins on the shared CPU waits for it; its process's first thread,
// blocked in join() meanwhile, does not: the figure is the calling thread's own.
TEST(ThisThreadRunDelayNs, IsTheCallingThreadsOwnWait) {
  std::optional<int64_t> before, after, leader_before, leader_after;
  {
    SharedCpu cpu;
    ASSERT_TRUE(cpu.ok());
    leader_before = ReadRunDelayNs(::getpid());
    std::thread spinner([&] {  // pinned to the shared CPU as its creator is
      before = ThisThreadRunDelayNs();
      SpinOwnCpu(100'000'000);
      after = ThisThreadRunDelayNs();
    });
    spinner.join();
    leader_after = ReadRunDelayNs(::getpid());
  }
  ASSERT_TRUE(before && after && leader_before && leader_after);
  EXPECT_GT(*after - *before, 30'000'000);
  // The first thread waits only to wake from join(): one turn of the CPU, a few ms idle, more
  // where the rest of the suite shares the CPU (38 ms seen), which the spinner's own wait
  // grows with, by a hundred ms for each process beside it. Half of it: not the spinner's.
  EXPECT_LT(*leader_after - *leader_before, (*after - *before) / 2)
      << "the first thread did not wait";
}

TEST(ParseProcNet, ReadsAddressesQueuesOwnersAndInodes) {
  std::string v4 =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
      "timeout inode\n"
      "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        "
      "0 4242 1 0000000000000000 100 0 0 10 0\n"
      "   1: broken line\n"
      "   2: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000 65534        "
      "0 4243 1 0000000000000000 100 0 0 10 0\n";
  std::vector<ProcNetRow> rows = ParseProcNet(v4, false);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].uid, 0u);
  EXPECT_EQ(rows[1].uid, 65534u) << "the owner column";
  EXPECT_EQ(rows[1].inode, 4243u);
  EXPECT_EQ(rows[0].local_address, "127.0.0.1");
  EXPECT_EQ(rows[0].local_port, 8080);
  EXPECT_EQ(rows[0].state, 0x0A);
  EXPECT_EQ(rows[0].rx_queue, 3);
  EXPECT_EQ(rows[0].inode, 4242u);

  std::string v6 =
      "  sl  local_address                         remote_address                        st "
      "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      "   0: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A "
      "00000010:00000000 00:00000000 00000000     0        0 99 1 0000000000000000 100 0 0 10 0\n";
  rows = ParseProcNet(v6, true);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].local_address, "::1");
  EXPECT_EQ(rows[0].local_port, 80);
  EXPECT_EQ(rows[0].tx_queue, 16);
}

// The UDP tables end in `drops`, the datagrams the socket's full receive buffer refused.
TEST(ParseProcNet, ReadsAUdpSocketsDrops) {
  std::string udp =
      "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
      "timeout inode ref pointer drops\n"
      "  123: 0100007F:1770 00000000:0000 07 00000000:00034000 00:00000000 00000000  1000        "
      "0 5151 2 0000000000000000 42\n";
  std::vector<ProcNetRow> rows = ParseProcNet(udp, false);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].local_port, 6000);
  EXPECT_EQ(rows[0].inode, 5151u);
  EXPECT_EQ(rows[0].drops, 42u);
  // A TCP table's columns after the inode are others: no drops read from them.
  std::string tcp =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
      "timeout inode\n"
      "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        "
      "0 4242 1 0000000000000000 100 0 0 10 0\n";
  EXPECT_EQ(ParseProcNet(tcp, false).at(0).drops, 0u);
}

TEST(DescendantsOf, IncludesItselfAndNothingForTheDead) {
  std::vector<pid_t> me = DescendantsOf(::getpid());
  ASSERT_FALSE(me.empty());
  EXPECT_EQ(me[0], ::getpid());
  EXPECT_TRUE(DescendantsOf(999999999).empty());
}

// Two CPUs as kernel 6.x shows them: the 12th column is the backlog's length.
TEST(PacketsInBacklog, IsTheTwelfthColumnOfAnyCpu) {
  const std::string idle =
      "0037fd37 00000000 00000001 00000000 00000000 00000000 00000000 00000000 00000000 "
      "00000000 00000000 00000000 00000000 00000000 00000000\n"
      "00462304 00000000 00000002 00000000 00000000 00000000 00000000 00000000 00000000 "
      "00000000 00000000 00000000 00000001 00000000 00000000\n";
  EXPECT_FALSE(PacketsInBacklog(idle));
  std::string busy = idle;
  busy.replace(busy.rfind("00000000 00000001"), 8, "0000001a");  // CPU 1: 26 waiting
  EXPECT_TRUE(PacketsInBacklog(busy));
  // An older kernel's file, without the column: it cannot be told, so it may hold some.
  EXPECT_TRUE(PacketsInBacklog("0037fd37 00000000 00000001 00000000 00000000\n"));
  EXPECT_TRUE(PacketsInBacklog(""));
}

// /proc/net is the namespace of the process's first thread, which a grader moves into a case's
// namespace at times: a worker's file, opened then, reads as EIO once that namespace is gone,
// which had said "packets in flight" at every look for the rest of the run (no case of that
// worker was seen at rest: each failing one waited out the 300 ms exit grace). It is opened
// again.
TEST(PacketsInBacklog, StillToldAfterTheNamespaceItWasFirstReadThroughIsGone) {
  Fd home(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(home.valid());
  if (::unshare(CLONE_NEWNET) != 0) GTEST_SKIP() << "no network namespace can be made here";
  Fd probe(::open("/proc/net/softnet_stat", O_RDONLY | O_CLOEXEC));
  std::promise<void> opened, home_again;
  bool ever_empty = false;
  std::thread worker([&] {
    PacketsInBacklog();  // opens its file through the first thread's namespace: the new one
    ::setns(home.get(), CLONE_NEWNET);  // made in the new namespace, it leaves it too
    opened.set_value();
    home_again.get_future().wait();
    for (int i = 0; i < 200 && !ever_empty; ++i) ever_empty = !PacketsInBacklog();
  });
  opened.get_future().wait();
  ASSERT_EQ(::setns(home.get(), CLONE_NEWNET), 0);  // its last user leaves it
  // The kernel takes the namespace down in its own time: seen when its file says EIO.
  char buf[4096];
  for (int i = 0; i < 5000 && ::pread(probe.get(), buf, sizeof buf, 0) > 0; ++i) ::usleep(1000);
  bool gone = ::pread(probe.get(), buf, sizeof buf, 0) < 0;
  home_again.set_value();
  worker.join();
  ASSERT_TRUE(gone) << "the namespace was still there after 5 s";
  EXPECT_TRUE(ever_empty) << "every look said packets wait, 200 looks running";
}

TEST(ProcStatusField, IsTheLinesValueWithoutItsBlanksAndEmptyWithoutTheLine) {
  const std::string status = "Name:\tx Uid:\t9\nUid:\t1000\t1001\t1002\t1003\nThreads:\t3\n";
  EXPECT_EQ(ProcStatusField(status, "Uid:"), "1000\t1001\t1002\t1003");
  EXPECT_EQ(ProcStatusField(status, "Threads:"), "3");
  EXPECT_EQ(ProcStatusField(status, "Tgid:"), "");
  EXPECT_EQ(ProcStatusField("Name:\tx\nThreads:\t7", "Threads:"), "7");  // no final newline
}

// A /proc of three processes: two of uid 1000 (one with 3 threads), one of 1001, and a
// folder that is not a process. RLIMIT_NPROC counts the real user's tasks: 4, then 1.
TEST(TasksOfUser, CountsTheThreadsOfEachProcessOfTheRealUserAlone) {
  std::string proc = testing::TempDir() + "/fake-proc-" + std::to_string(::getpid());
  auto process = [&](const std::string& pid, const std::string& uids, int threads) {
    std::filesystem::create_directories(proc + "/" + pid);
    WriteFile(proc + "/" + pid + "/status",
              fmt::format("Name:\tx\nState:\tS\nUid:\t{}\nGid:\t0\t0\t0\t0\nThreads:\t{}\n", uids,
                          threads));
  };
  process("10", "1000\t1000\t1000\t1000", 3);
  process("11", "1000\t0\t0\t0", 1);
  process("12", "1001\t1000\t1000\t1000", 7);  // effective 1000, real 1001
  std::filesystem::create_directories(proc + "/sys");
  EXPECT_EQ(TasksOfUser(1000, proc), 4);
  EXPECT_EQ(TasksOfUser(1001, proc), 7);
  EXPECT_EQ(TasksOfUser(4000000, proc), 0);
  std::filesystem::remove_all(proc);
}

}  // namespace
// The longest wait of several processes; one gone (its pid reaped) counts nothing.
TEST(LongestRunDelayNs, TakesTheLongestAndCountsAGoneProcessAsNothing) {
  pid_t gone = ::fork();
  ASSERT_GE(gone, 0);
  if (gone == 0) ::_exit(0);
  ASSERT_EQ(::waitpid(gone, nullptr, 0), gone);
  EXPECT_EQ(LongestRunDelayNs({}), 0);
  EXPECT_EQ(LongestRunDelayNs({gone}), 0);
  // The init of this namespace has run a long time: its wait is the longest here.
  int64_t init = ReadRunDelayNs(1).value_or(0);
  int64_t mine = ReadRunDelayNs(::getpid()).value_or(0);
  int64_t both = LongestRunDelayNs({::getpid(), gone, 1});
  EXPECT_GE(both, std::max(init, mine));
}

// A program whose first thread sleeps while another does its work (a Go program's loop, a
// JVM's main thread) is owed what that other thread waited for a CPU: /proc/<pid>/schedstat
// is the first thread's alone. A thread spins on one CPU beside a process spinning there too;
// the first thread (this one) sleeps in join().
TEST(LongestRunDelayNs, CountsTheWaitOfAThreadOtherThanTheFirst) {
  int64_t first_before = 0, first_after = 0;
  std::atomic<int64_t> worker_waited{0};
  {
    SharedCpu cpu;  // the worker inherits this thread's CPU
    ASSERT_TRUE(cpu.ok());
    first_before = ReadRunDelayNs(::getpid()).value_or(0);
    std::thread worker([&] {
      SpinOwnCpu(100'000'000);  // 100 ms of its own CPU, sharing it
      std::string path = fmt::format("/proc/self/task/{}/schedstat", ::gettid());
      worker_waited = ParseRunDelayNs(ReadFile(path, 256).value_or("")).value_or(0);
      // Still alive while the test looks: its wait is read from its own schedstat.
      EXPECT_GE(LongestRunDelayNs({::getpid()}), worker_waited.load());
    });
    worker.join();
    first_after = ReadRunDelayNs(::getpid()).value_or(0);
  }
  EXPECT_GT(worker_waited.load(), 30'000'000) << "the worker shared its CPU with the spinner";
  // The first thread slept: its own figure misses the worker's wait.
  EXPECT_LT(first_after - first_before, worker_waited.load() / 2);
}

}  // namespace netgrade
