// Runs a test's body in a forked child with a mount namespace of its own (all mounts private),
// so that what it mounts vanishes with it: InMountNamespace returns what the body returned,
// or "exit N" when the child did not end with 0. Needs root.
#pragma once

#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <string>

namespace netgrade::testing_support {

inline std::string InMountNamespace(const std::function<std::string()>& body) {
  int report[2];
  if (::pipe(report) != 0) return "pipe";
  pid_t child = ::fork();
  if (child < 0) return "fork";
  if (child == 0) {
    ::close(report[0]);
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
      ::_exit(2);
    std::string out = body();
    ssize_t ignored = ::write(report[1], out.data(), out.size());
    (void)ignored;
    ::_exit(0);
  }
  ::close(report[1]);
  std::string got;
  char buf[512];
  for (ssize_t n; (n = ::read(report[0], buf, sizeof buf)) > 0;) got.append(buf, n);
  ::close(report[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return "exit " + std::to_string(status);
  return got;
}

}  // namespace netgrade::testing_support
