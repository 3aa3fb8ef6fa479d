#include "harness/check/notes.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace netgrade::check {

std::vector<std::string> Notes(const observe::Observation& obs) {
  std::vector<std::string> notes;
  if (obs.spinning || obs.idle_cpu_ms >= kBusyNoteCpuMs) {
    // Rounded to tens: 97% of a CPU reads as what it is, a whole one.
    std::string share = obs.idle_cpu_share > 0
                            ? fmt::format("{}% of a CPU busy",
                                          std::lround(std::min(obs.idle_cpu_share, 1.0) * 10) * 10)
                            : "a CPU busy";
    notes.push_back(fmt::format(
        "{} kept {} while it had nothing to do: a loop that polls without blocking, like "
        "recv() on a non-blocking socket. It works, but it slows the whole computer; wait in "
        "select() (Python: selectors) or in a blocking call instead.",
        obs.program.display_name, share));
  }
  return notes;
}

}  // namespace netgrade::check
