// When a datagram or frame reached the grader's socket, by the kernel's stamp: a loaded machine
// may leave the grader reading it many milliseconds later, and what a case judges by time (a
// burst of resends, a window per round trip, a link's queue) must not depend on that.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "harness/base/address.h"
#include "harness/base/clock.h"

namespace netgrade {

// Asks the kernel to stamp each datagram `fd` receives (SO_TIMESTAMPNS); the grader's error if
// it cannot.
void StampArrivals(int fd);

// When a datagram reached its socket, on the loop's clock (CLOCK_MONOTONIC): the kernel's stamp
// (the realtime clock) less how far the realtime clock is ahead of it, both read at one
// instant. A stamp missing, or in the future or older than 10 s (the realtime clock set
// meanwhile), gives `now`.
TimePoint ArrivedAt(const msghdr& m, TimePoint now);

// A datagram read with its time of arrival.
struct Arrival {
  std::vector<uint8_t> bytes;
  Address from;
  TimePoint at;
};

// Reads one datagram of at most `most` bytes from `fd` (non-blocking), stamped as ArrivedAt
// says; false when none waits (or on an error, which the next poll() shows again).
bool ReceiveStamped(int fd, size_t most, TimePoint now, Arrival* out);

}  // namespace netgrade
