// A JVM's own threads are told by their names and left out of a Java program's waits while
// they sleep: a Java program blocked reading its input is at rest, one whose every thread
// waits in futex() is not.
#include "harness/observe/jvm_threads.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/base/poll_until.h"
#include "harness/observe/thread_waits.h"
#include "harness/observe/waiting.h"
#include "tests/support/forked_child.h"
#include "tests/support/temp_dir.h"

namespace netgrade::observe {
namespace {

using testing_support::Eventually;

// A task folder of the test's own with a `comm` file, as /proc/PID/task/TID has.
std::string TaskNamed(const std::filesystem::path& dir, const std::string& comm) {
  std::filesystem::path task = dir / comm;
  std::filesystem::create_directories(task);
  std::ofstream(task / "comm") << comm << "\n";
  return task.string();
}

TEST(JvmThreads, AJvmsOwnThreadsAreToldByTheirNames) {
  testing_support::UniqueTempDir dir("netgrade-jvm-names");
  for (const char* own : {"GC Thread#0", "C2 CompilerThre", "VM Periodic Tas", "G1 Refine#0"})
    EXPECT_TRUE(JvmHousekeeping(TaskNamed(dir.path(), own))) << own;
  for (const char* program : {"java", "main", "Thread-0", "Timer-0", "pool-1-thread-1"})
    EXPECT_FALSE(JvmHousekeeping(TaskNamed(dir.path(), program))) << program;
  EXPECT_FALSE(JvmHousekeeping((dir.path() / "gone").string())) << "no comm: not the JVM's";
}

TEST(JvmThreads, AProcessNotStartedByTheJavaLauncherIsNoJvmAndLeavesNoThreadAside) {
  EXPECT_FALSE(IsJvm(::getpid()));
  EXPECT_TRUE(JvmThreadsAside(::getpid()).empty()) << "none of its threads bears a JVM's name";
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

// Until the JVM's main thread reads its input: the source is compiled first (seconds).
bool ReadsItsInput(pid_t pid) {
  return PollUntil(
      [&] {
        for (const ThreadWait& t : ThreadWaits({pid}))
          if (t.call == "read" && t.fields.rfind("0 0x0 ", 0) == 0) return true;
        return false;
      },
      std::chrono::seconds(30), std::chrono::milliseconds(20));
}

TEST(JvmThreads, AJavaProgramReadingItsInputIsAtRestItsJvmsTimersLeftOut) {
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
TEST(JvmThreads, AJavaProgramWaitingOnlyInFutexIsNotCalledAtRest) {
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

}  // namespace
}  // namespace netgrade::observe
