#include "harness/base/poll_until.h"

#include <thread>

namespace netgrade {

bool PollUntil(const std::function<bool()>& holds, std::chrono::milliseconds bound,
               std::chrono::milliseconds step) {
  const auto until = std::chrono::steady_clock::now() + bound;
  for (;;) {
    if (holds()) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(step);  // polled: the state it waits for sends no event
  }
}

}  // namespace netgrade
