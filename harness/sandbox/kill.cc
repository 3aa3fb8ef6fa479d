#include "harness/sandbox/kill.h"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>

#include "harness/base/fd.h"

namespace netgrade::sandbox {

void KillUntilGone(const KillRound& round) {
  for (int i = 0; i < 20; ++i) {
    std::vector<pid_t> pids = round.pids();
    if (pids.empty()) return;
    std::vector<Fd> owned;
    std::vector<pollfd> fds;
    for (pid_t p : pids) {
      Fd fd(static_cast<int>(::syscall(SYS_pidfd_open, p, 0)));
      ::kill(p, SIGKILL);
      if (fd) {
        fds.push_back({fd.get(), POLLIN, 0});
        owned.push_back(std::move(fd));
      }
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    for (pollfd& f : fds) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() > 0) ::poll(&f, 1, static_cast<int>(left.count()));
    }
    if (round.after) round.after(pids);
  }
}

}  // namespace netgrade::sandbox
