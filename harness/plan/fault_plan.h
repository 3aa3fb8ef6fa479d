// A fault plan decides, for the n-th datagram (or write) in one direction, what the proxy
// does with it. It is a pure function of (faults, seed, direction, index): the same seed
// affects the same datagrams on every run, whatever the timing.
#pragma once

#include <cstdint>
#include <string>

#include "harness/spec/spec.h"

namespace netgrade::plan {

enum class Direction { kToStudent, kFromStudent };

struct Decision {
  bool drop = false;
  bool drop_by_rate = false;  // dropped by drop_rate, not by index
  int copies = 1;             // 2: duplicated
  bool hold = false;          // held back until the next one in this direction has passed
                              // (the proxy bounds the wait: a last datagram is not lost)
  bool late = false;          // held back until the other direction's next one (no bound)
  int delay_ms = 0;
};

Decision Decide(const spec::DirectionFaults& faults, uint64_t seed, Direction direction, int index);

// "drops #1 and #4, drops 30% of the others, duplicates #3, delays 50 to 60 ms (seeded)", or
// "" when none. Jitter only adds (Decide's delay is delay_ms + 0..jitter_ms), and the words
// say so.
std::string Describe(const spec::DirectionFaults& faults);

// A uniform number in [0, 1) from (seed, stream, index): splitmix64, no state.
double Uniform(uint64_t seed, uint64_t stream, uint64_t index);

}  // namespace netgrade::plan
