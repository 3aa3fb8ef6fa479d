#include "harness/run/case_deadline.h"

#include <algorithm>

#include "harness/run/contain.h"

namespace netgrade::run {

bool CaseDeadline::RunUntil(EventLoop& loop, const std::function<bool()>& settled,
                            const std::function<int64_t()>& run_delay_ns) {
  for (;;) {
    if (loop.RunUntil(settled, at_)) return true;
    auto waited = std::chrono::nanoseconds(carried_ns_ + run_delay_ns());
    auto owed = std::chrono::duration_cast<Clock::duration>(waited) - extended_;
    auto room = kMostLoadExtensions * timeout_ - extended_;
    owed = std::min<Clock::duration>(owed, room);
    if (owed < kLeastExtension) return false;
    at_ += owed;
    extended_ += owed;
  }
}

}  // namespace netgrade::run
