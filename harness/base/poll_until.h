// Waiting for a state of the kernel that no event announces: a port's TIME_WAIT running out,
// an flock another process holds. Such a state is looked at again every `step` until it holds
// or `bound` has passed. Only for these: wherever something can be observed as it happens (a
// descriptor readable, a process exited) the event loop waits for it instead, and no sleep
// ever sequences events.
#pragma once

#include <chrono>
#include <functional>

namespace netgrade {

// Asks `holds` at once and then every `step` until it returns true (returns true) or `bound`
// has passed since the call (returns false, after one last look at the bound). A `holds` that
// is true at the first look costs no wait.
bool PollUntil(const std::function<bool()>& holds, std::chrono::milliseconds bound,
               std::chrono::milliseconds step);

}  // namespace netgrade
