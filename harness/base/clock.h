// The grader's clock: monotonic, for deadlines and for what the records of a case say happened
// when. Plain data may hold its time points without the event loop that reads it.
#pragma once

#include <chrono>

namespace netgrade {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using std::chrono::milliseconds;

}  // namespace netgrade
