// The one owner of a file descriptor: -1 means closed, move-only, closes on destruction.
#pragma once

#include <utility>

namespace netgrade {

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) Reset(std::exchange(other.fd_, -1));
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  explicit operator bool() const { return valid(); }
  // Gives up ownership without closing.
  int Release() { return std::exchange(fd_, -1); }
  // Closes the current descriptor (never retried on EINTR) and owns fd instead.
  void Reset(int fd = -1);

 private:
  int fd_ = -1;
};

// A TCP socket that, once closed, sends a reset (RST) rather than a FIN (SO_LINGER 0): the
// other side sees the connection refused or reset at once, and nothing waits in TIME_WAIT.
void AbortOnClose(int fd);

// Whether the other end of a connected TCP socket has closed (its FIN has come: CLOSE_WAIT),
// whether or not the end of file has been read yet.
bool OtherSideClosed(int fd);

// Sets or clears O_NONBLOCK; throws SystemError on failure.
void SetNonBlocking(int fd, bool on = true);

// Sends descriptor `fd` on the Unix socket `channel` (SCM_RIGHTS), with one byte. True when
// sent. Async-signal-safe: a child between fork() and exec() may call it.
bool SendDescriptor(int channel, int fd);
// The descriptor that came on `channel` (close-on-exec), or an empty Fd when none came or
// what came is not one descriptor. `flags` for recvmsg (MSG_DONTWAIT).
Fd ReceiveDescriptor(int channel, int flags = 0);

}  // namespace netgrade
