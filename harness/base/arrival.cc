#include "harness/base/arrival.h"

#include <time.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "harness/base/error.h"

namespace netgrade {

void StampArrivals(int fd) {
  int one = 1;
  CheckSys(::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one), "SO_TIMESTAMPNS");
}

namespace {

// The monotonic clock and the realtime one read at the same instant (within 20 us): a read of
// one, then the other, may be milliseconds of scheduling apart on a loaded machine, and an ACK
// stamped that much too early looks answered before its DATA came.
std::chrono::nanoseconds RealtimeAhead() {
  std::chrono::nanoseconds best = std::chrono::nanoseconds::max(), ahead{0};
  for (int i = 0; i < 5; ++i) {
    timespec before, real, after;
    ::clock_gettime(CLOCK_MONOTONIC, &before);
    ::clock_gettime(CLOCK_REALTIME, &real);
    ::clock_gettime(CLOCK_MONOTONIC, &after);
    auto ns = [](const timespec& t) {
      return std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec);
    };
    const std::chrono::nanoseconds width = ns(after) - ns(before);
    if (width < best) {
      best = width;
      ahead = ns(real) - (ns(before) + width / 2);
    }
    if (width < std::chrono::microseconds(20)) break;
  }
  return ahead;
}

}  // namespace

TimePoint ArrivedAt(const msghdr& m, TimePoint now) {
  for (cmsghdr* c = CMSG_FIRSTHDR(&m); c != nullptr; c = CMSG_NXTHDR(const_cast<msghdr*>(&m), c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS) continue;
    timespec stamp;
    std::memcpy(&stamp, CMSG_DATA(c), sizeof stamp);
    // The stamp on the monotonic clock (steady_clock is CLOCK_MONOTONIC).
    const auto stamp_real =
        std::chrono::seconds(stamp.tv_sec) + std::chrono::nanoseconds(stamp.tv_nsec);
    const TimePoint at(std::chrono::duration_cast<Clock::duration>(stamp_real - RealtimeAhead()));
    const TimePoint latest = std::max(now, Clock::now());
    if (at > latest || latest - at > std::chrono::seconds(10)) return now;
    return at;
  }
  return now;
}

bool ReceiveStamped(int fd, size_t most, TimePoint now, Arrival* out) {
  out->bytes.resize(most);
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec)) * 2];
  iovec io{out->bytes.data(), out->bytes.size()};
  msghdr m{};
  m.msg_name = out->from.sa();
  m.msg_namelen = sizeof(out->from.storage);
  m.msg_iov = &io;
  m.msg_iovlen = 1;
  m.msg_control = control;
  m.msg_controllen = sizeof control;
  ssize_t n;
  do {
    n = ::recvmsg(fd, &m, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return false;
  out->from.length = m.msg_namelen;
  out->bytes.resize(static_cast<size_t>(n));
  out->at = ArrivedAt(m, now);
  return true;
}

}  // namespace netgrade
