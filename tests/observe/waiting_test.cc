// What /proc tells about a process that waits: blocked where, with a timeout or not.
#include "harness/observe/waiting.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include "tests/support/temp_dir.h"

namespace netgrade::observe {
namespace {

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
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < end)
    if (pred()) return true;
  return false;
}

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

// A JVM's own threads (collector, compilers, periodic tasks) wake on timers all the time: a
// Java program blocked reading its input is at rest all the same, while a thread of its own
// asleep in Thread.sleep keeps it from rest. Run from source (java File.java, JDK 11 and
// later): no javac needed.
class JavaChild {
 public:
  JavaChild(const std::filesystem::path& source) {
    EXPECT_EQ(::pipe(input_), 0);
    EXPECT_EQ(::pipe(output_), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(input_[0], 0);
      ::dup2(output_[1], 1);
      ::execlp("java", "java", "-Xshare:auto", source.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(input_[0]);
    ::close(output_[1]);
  }
  ~JavaChild() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    ::close(input_[1]);
    ::close(output_[0]);
  }
  pid_t pid() const { return pid_; }
  // Its first byte of output (or its end): the program has reached its print.
  bool Printed() {
    char c;
    return ::read(output_[0], &c, 1) == 1;
  }

 private:
  int input_[2] = {-1, -1};
  int output_[2] = {-1, -1};
  pid_t pid_ = -1;
};

bool HasJava() { return ::system("java -version >/dev/null 2>&1") == 0; }

// Until the JVM's main thread reads its input: the source is compiled first.
bool ReadsItsInput(pid_t pid) {
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < end) {
    for (const ThreadWait& t : ThreadWaits({pid}))
      if (t.call == "read" && t.fields.rfind("0 0x0 ", 0) == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the JVM compiles: seconds
  }
  return false;
}

TEST(Waiting, AJavaProgramReadingItsInputIsAtRestItsJvmsTimersLeftOut) {
  if (!HasJava()) GTEST_SKIP() << "no JDK: ci/install-deps.sh installs default-jdk-headless";
  testing_support::UniqueTempDir dir("netgrade-jvm-rest");
  std::ofstream(dir.path() / "Reads.java")
      << "public class Reads { public static void main(String[] a) throws Exception {\n"
         "  System.in.read(); } }\n";
  JavaChild reads(dir.path() / "Reads.java");
  ASSERT_TRUE(ReadsItsInput(reads.pid()));
  ASSERT_TRUE(Eventually([&] { return Resting({reads.pid()}).has_value(); }))
      << "the JVM's own threads kept it from rest";
  // Its own threads are still there, and some have timers: only their names leave them out.
  int housekeeping = 0;
  for (const auto& t :
       std::filesystem::directory_iterator("/proc/" + std::to_string(reads.pid()) + "/task"))
    housekeeping += JvmHousekeeping(t.path().string());
  EXPECT_GT(housekeeping, 3);

  std::ofstream(dir.path() / "Sleeps.java")
      << "public class Sleeps { public static void main(String[] a) throws Exception {\n"
         "  new Thread(() -> { try { Thread.sleep(600000); } catch (Exception e) {} }).start();\n"
         "  System.in.read(); } }\n";
  JavaChild sleeps(dir.path() / "Sleeps.java");
  ASSERT_TRUE(ReadsItsInput(sleeps.pid()));
  ASSERT_TRUE(Eventually([&] {
    for (const auto& t :
         std::filesystem::directory_iterator("/proc/" + std::to_string(sleeps.pid()) + "/task")) {
      std::ifstream comm(t.path() / "comm"), call(t.path() / "syscall");
      std::string name, number;
      std::getline(comm, name);
      call >> number;
      if (name == "Thread-0" && number == std::to_string(SYS_futex)) return true;
    }
    return false;
  })) << "its thread never slept";
  EXPECT_FALSE(Resting({sleeps.pid()}).has_value()) << "a thread of the program's own sleeps";
}

// A Java program whose every thread waits in futex() may be waiting on the JVM itself (a
// safepoint, the VM thread, a compiler): the JVM's own threads then keep their timers counted,
// and it is not at rest. Its main thread here waits on a monitor no one will notify.
TEST(Waiting, AJavaProgramWaitingOnlyInFutexIsNotCalledAtRest) {
  if (!HasJava()) GTEST_SKIP() << "no JDK: ci/install-deps.sh installs default-jdk-headless";
  testing_support::UniqueTempDir dir("netgrade-jvm-futex");
  std::ofstream(dir.path() / "Waits.java")
      << "public class Waits { public static void main(String[] a) throws Exception {\n"
         "  Object o = new Object(); System.out.println(\"waiting\"); System.out.flush();\n"
         "  synchronized (o) { o.wait(); } } }\n";
  JavaChild waits(dir.path() / "Waits.java");
  ASSERT_TRUE(waits.Printed());
  // Then until every thread of the program's (the launcher's, joining main; main, on the
  // monitor) waits in futex().
  auto only_futex = [&] {
    std::error_code ec;
    int program = 0;
    for (const auto& t : std::filesystem::directory_iterator(
             "/proc/" + std::to_string(waits.pid()) + "/task", ec)) {
      if (JvmHousekeeping(t.path().string())) continue;
      std::ifstream call(t.path() / "syscall");
      std::string number;
      call >> number;
      if (number != std::to_string(SYS_futex)) return false;
      ++program;
    }
    return program >= 2;
  };
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!only_futex() && std::chrono::steady_clock::now() < end) {
  }
  ASSERT_TRUE(only_futex()) << "its main thread never waited";
  std::vector<ThreadWait> seen = ThreadWaits({waits.pid()});
  EXPECT_TRUE(std::any_of(seen.begin(), seen.end(), [](const ThreadWait& t) {
    return t.timer_at.has_value();
  })) << "the JVM's own threads, with their timers, were left out";
  EXPECT_FALSE(Resting({waits.pid()}).has_value());
}

// A server in select() or epoll_wait() on the listening socket and its newest client, with a
// line unread on an older client it no longer watches: only what it waits on can wake it, so
// the unread line is not input on its way (it had been, and each such case waited 300 ms).
TEST(Waiting, SelectAndEpollTellTheDescriptorsTheyWaitOn) {
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
