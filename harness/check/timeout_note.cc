#include "harness/check/timeout_note.h"

#include <fmt/core.h>

#include "harness/check/finding.h"

namespace netgrade::check {

std::string TimeoutNote(const observe::Observation& obs) {
  if (!obs.at_rest_in.empty())
    return fmt::format(
        "(netgrade ended the case when {} was blocked in {}() with nothing on its way to it "
        "and no timeout of its own due before the case's end: {}.)",
        obs.program.display_name, obs.at_rest_in, obs.peer_state);
  if (!obs.timed_out) return "";
  return fmt::format(
      "({})",
      JoinParts({fmt::format("After {} the case ended: {}.", TimeGiven(obs), obs.peer_state),
                 LoadNote(obs)}));
}

namespace {

// The moved part of the deadline, in seconds as shown; 0 below a tenth.
double MovedSeconds(const observe::Observation& obs) {
  return obs.load_extension_ms < 50 ? 0 : obs.load_extension_ms / 1000.0;
}

}  // namespace

std::string TimeGiven(const observe::Observation& obs) {
  return fmt::format("{:.1f} s", obs.timeout_ms / 1000.0 + MovedSeconds(obs));
}

std::string LoadNote(const observe::Observation& obs) {
  if (MovedSeconds(obs) == 0) return "";
  return fmt::format(
      "{} had {:.1f} s more than the case's {:.1f} s, as this computer was too "
      "busy to run it.",
      obs.program.display_name, MovedSeconds(obs), obs.timeout_ms / 1000.0);
}

}  // namespace netgrade::check
