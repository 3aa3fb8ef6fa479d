#include "harness/peers/peer_log.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace netgrade::peers {

ReadEnd ReadInto(int fd, ConnectionLog& log) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      size_t room = kReceiveCap - std::min(kReceiveCap, log.received.size());
      log.received.append(buf, std::min(room, static_cast<size_t>(n)));
      if (static_cast<size_t>(n) > room) log.received_cut = true;
      continue;
    }
    if (n == 0) return ReadEnd::kEof;
    if (errno == EAGAIN || errno == EINTR) return ReadEnd::kDrained;
    return ReadEnd::kReset;
  }
}

}  // namespace netgrade::peers
