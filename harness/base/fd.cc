#include "harness/base/fd.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness/base/error.h"

namespace netgrade {

void Fd::Reset(int fd) {
  if (fd_ >= 0) ::close(fd_);  // On Linux the descriptor is gone even on EINTR.
  fd_ = fd;
}

void SetNonBlocking(int fd, bool on) {
  int flags = CheckSys(::fcntl(fd, F_GETFL), "fcntl(F_GETFL)");
  flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
  CheckSys(::fcntl(fd, F_SETFL, flags), "fcntl(F_SETFL)");
}

void AbortOnClose(int fd) {
  linger abort{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
}

bool OtherSideClosed(int fd) {
  tcp_info info{};
  socklen_t len = sizeof info;
  return ::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == 0 &&
         info.tcpi_state == TCP_CLOSE_WAIT;
}

}  // namespace netgrade
