#include "harness/check/notes.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "harness/check/port_advice.h"

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
  // `wrong_port: credit`: graded on the port it used; the report says the port was wrong.
  if (obs.role != nullptr && obs.role->listens && obs.listened_port != 0 && obs.spec != nullptr &&
      obs.spec->wrong_port == spec::WrongPort::kCredit)
    notes.push_back(
        fmt::format("{} listens on port {}, not {}; this exercise gives the case its points anyway "
                    "(wrong_port: credit), judged on port {}. {}",
                    obs.program.display_name, obs.listened_port, obs.port, obs.listened_port,
                    PortAdvice(obs, obs.listened_port)));
  return notes;
}

}  // namespace netgrade::check
