// A child process that runs a test's body (which blocks, sleeps or spins) and is killed at the
// end of the test, and Eventually, which looks until the child has got where the test waits
// for it: for tests of what the grader reads of a program in /proc.
#pragma once

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <thread>

namespace netgrade::testing_support {

class ForkedChild {
 public:
  explicit ForkedChild(const std::function<void()>& body) {
    pid_ = ::fork();
    if (pid_ == 0) {
      body();
      ::_exit(0);
    }
  }
  ~ForkedChild() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  ForkedChild(const ForkedChild&) = delete;
  ForkedChild& operator=(const ForkedChild&) = delete;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_;
};

// Looks until `pred` holds (the child gets there by itself, within microseconds to
// milliseconds: looked at without a pause), bounded by 5 s; then one last look.
inline bool Eventually(const std::function<bool()>& pred) {
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::yield();
  }
  return pred();
}

}  // namespace netgrade::testing_support
