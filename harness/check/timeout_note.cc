#include "harness/check/timeout_note.h"

#include <fmt/core.h>

namespace netgrade::check {

std::string TimeoutNote(const observe::Observation& obs) {
  if (!obs.at_rest_in.empty())
    return fmt::format(
        " (netgrade ended the case when {} was blocked in {}() with nothing on its way to it "
        "and no timeout of its own due before the case's end: {}.)",
        obs.program.display_name, obs.at_rest_in, obs.peer_state);
  if (!obs.timed_out) return "";
  return fmt::format(" (After {:.1f} s the case ended: {}.)", obs.timeout_ms / 1000.0,
                     obs.peer_state);
}

}  // namespace netgrade::check
