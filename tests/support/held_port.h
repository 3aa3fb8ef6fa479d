// A socket held by another process of this user than the test's: a child forked holding it
// from the moment it is forked until Release (or the end of the test), while the test's own
// copy is closed. What a grader sees of a student's server left running from an earlier try.
#pragma once

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <utility>

#include "harness/base/fd.h"

namespace netgrade::testing_support {

class HeldByAChild {
 public:
  explicit HeldByAChild(Fd socket) {
    int until[2];
    if (::pipe(until) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork");
    if (pid_ == 0) {
      ::close(until[1]);
      char c;
      while (::read(until[0], &c, 1) > 0) {
      }
      ::_exit(0);
    }
    ::close(until[0]);
    until_ = until[1];
    socket.Reset();  // the child's alone now
  }
  ~HeldByAChild() { Release(); }
  HeldByAChild(const HeldByAChild&) = delete;
  HeldByAChild& operator=(const HeldByAChild&) = delete;

  pid_t pid() const { return pid_; }
  // Ends the child, and with it its socket; true once it is reaped.
  bool Release() {
    if (until_ < 0) return false;
    ::close(std::exchange(until_, -1));
    return ::waitpid(pid_, nullptr, 0) == pid_;
  }

 private:
  pid_t pid_ = -1;
  int until_ = -1;
};

}  // namespace netgrade::testing_support
