#include "harness/base/in_flight.h"

#include "harness/base/proc.h"

namespace netgrade {

bool NothingBetween(const EventLoop& loop) {
  return !PacketsInBacklog() && !loop.AnyWatchedReady() && loop.actions_pending() == 0;
}

}  // namespace netgrade
