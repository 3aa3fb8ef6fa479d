#include "harness/check/notes.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <utility>

#include "harness/base/text.h"
#include "harness/check/language_words.h"
#include "harness/check/port_advice.h"
#include "harness/sandbox/refused_calls.h"

namespace netgrade::check {
namespace {

// The words of EPERM and ENOSYS as libc, Python, Java, Go, Rust and Node print them
// (compared in lower case: Go writes "operation not permitted").
constexpr const char* kRefusalWords[] = {"operation not permitted", "function not implemented",
                                         "eperm", "enosys"};

// A program that said a call was refused may have met the seccomp filter (sandbox/
// syscall_filter.h): named where it explains what happened, since the student cannot see the
// filter. The grader cannot tell which call it was (the filter answers in the kernel), so the
// note lists them and says "if".
std::string RefusedCallNote(const observe::Observation& obs) {
  std::string said = obs.program.stderr_text + obs.stdout_text;
  std::transform(said.begin(), said.end(), said.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (std::none_of(std::begin(kRefusalWords), std::end(kRefusalWords),
                   [&](const char* w) { return said.find(w) != std::string::npos; }))
    return "";
  return fmt::format(
      "{} reported a call that was not permitted or not implemented. netgrade refuses calls "
      "no socket exercise needs, on every computer it grades on: {}. If your program uses one "
      "of them, do without it; sockets, threads, processes, files and timers all work.",
      obs.program.display_name, sandbox::RefusedSyscallsInWords());
}

}  // namespace

std::vector<std::string> Notes(const observe::Observation& obs, const KindChecks& kind,
                               Code verdict) {
  std::vector<std::string> notes;
  if (obs.spinning || obs.idle_cpu_ms >= kBusyNoteCpuMs) {
    // Rounded to tens: 97% of a CPU reads as what it is, a whole one.
    std::string share = obs.idle_cpu_share > 0
                            ? fmt::format("{}% of a CPU busy",
                                          std::lround(std::min(obs.idle_cpu_share, 1.0) * 10) * 10)
                            : "a CPU busy";
    notes.push_back(fmt::format(
        "{} kept {} while it had nothing to do: a loop that polls without blocking, like "
        "recv() on a non-blocking socket. It works, but it slows the whole computer; {}.",
        obs.program.display_name, share, WaitWithoutSpinning(obs.program.program_path)));
  }
  // `wrong_port: credit`: graded on the port it used; the report says the port was wrong.
  if (obs.role != nullptr && obs.role->listens && obs.listened_port != 0 && obs.spec != nullptr &&
      obs.spec->wrong_port == spec::WrongPort::kCredit)
    notes.push_back(
        fmt::format("{} listens on port {}, not {}; this exercise gives the case its points anyway "
                    "(wrong_port: credit), judged on port {}. {}",
                    obs.program.display_name, obs.listened_port, obs.port, obs.listened_port,
                    PortAdvice(obs, obs.listened_port)));
  if (std::string refused = RefusedCallNote(obs); !refused.empty()) notes.push_back(refused);
  if (kind.notes)
    for (std::string& note : kind.notes(obs, verdict)) notes.push_back(std::move(note));
  return notes;
}

}  // namespace netgrade::check
