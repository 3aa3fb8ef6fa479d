#include "harness/sandbox/port_lock.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "harness/base/poll_until.h"

namespace netgrade::sandbox {
namespace {

// How often a taken lock is tried again: flock has no wait with a bound, and the wait is for
// another run's whole grading (seconds), so a short poll costs nothing.
constexpr auto kRetry = std::chrono::milliseconds(20);

// The port's lock file, opened read-only (flock needs no more): an existing one of any user
// (the sticky temporary directory lets nobody replace another's file, and
// fs.protected_regular refuses O_CREAT on it), else a new one readable by all. Never a link, a
// FIFO or a device someone planted there: then no lock.
Fd OpenLockFile(const std::filesystem::path& path) {
  const int flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
  Fd fd(::open(path.c_str(), flags));
  if (!fd && errno == ENOENT) {
    fd = Fd(::open(path.c_str(), flags | O_CREAT | O_EXCL, 0644));
    if (fd) {
      ::fchmod(fd.get(), 0644);
    } else if (errno == EEXIST) {
      fd = Fd(::open(path.c_str(), flags));  // made by another run meanwhile
    }
  }
  struct stat st{};
  if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return Fd();
  return fd;
}

}  // namespace

std::filesystem::path PortLockPath(const std::filesystem::path& dir, uint16_t port) {
  return dir / fmt::format("netgrade-port-{}.lock", port);
}

PortLocks PortLocks::Take(std::vector<uint16_t> ports, std::chrono::milliseconds bound,
                          const std::function<void(uint16_t)>& waiting,
                          const std::filesystem::path& dir) {
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  PortLocks out;
  std::error_code ec;
  const std::filesystem::path folder = dir.empty() ? std::filesystem::temp_directory_path(ec) : dir;
  if (ec) return out;
  const auto until = std::chrono::steady_clock::now() + bound;
  bool said = false;
  for (uint16_t port : ports) {
    Fd fd = OpenLockFile(PortLockPath(folder, port));
    if (!fd) continue;
    bool stop = false;  // an error other than "taken": the port goes without its lock
    auto taken = [&] {
      if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) return true;
      stop = errno != EWOULDBLOCK && errno != EINTR;
      if (!stop && !said && waiting) waiting(port);
      said = said || !stop;
      return stop;
    };
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (PollUntil(taken, std::max(left, std::chrono::milliseconds(0)), kRetry) && !stop) {
      out.locks_.push_back(std::move(fd));
      out.held_.push_back(port);
    }
  }
  return out;
}

}  // namespace netgrade::sandbox
