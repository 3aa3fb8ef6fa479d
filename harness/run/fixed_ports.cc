#include "harness/run/fixed_ports.h"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "harness/base/error.h"
#include "harness/base/poll_until.h"
#include "harness/base/text.h"
#include "harness/observe/port_holder.h"
#include "harness/observe/sock_diag.h"
#include "harness/sandbox/netns.h"

namespace netgrade::run {
namespace {

// The longest a run waits for another run's turn on a fixed port: two minutes, or
// NETGRADE_PORT_TURN_MS (a test's shorter bound).
std::chrono::milliseconds PortTurnBound() {
  const char* env = std::getenv("NETGRADE_PORT_TURN_MS");
  if (env != nullptr && *env != '\0') return std::chrono::milliseconds(std::atol(env));
  return std::chrono::milliseconds(120'000);
}

}  // namespace

std::vector<uint16_t> FixedPorts(const spec::Spec& spec) {
  std::vector<uint16_t> ports;
  for (const spec::Role& r : spec.roles)
    if (r.port_via == spec::PortVia::kFixed && r.fixed_port > 0 && r.fixed_port <= 65535)
      ports.push_back(static_cast<uint16_t>(r.fixed_port));
  return ports;
}

bool SharedNetwork(const RunOptions& run) {
  return !run.isolate || !sandbox::NetNamespace::Available();
}

std::optional<sandbox::PortLocks> TakeFixedPortTurns(const spec::Spec& spec, const RunOptions& run,
                                                     const std::set<std::string>& roles) {
  if (!SharedNetwork(run)) return std::nullopt;
  const std::chrono::milliseconds bound = PortTurnBound();
  std::optional<sandbox::PortLocks> locks =
      sandbox::PortLocks::Take(FixedPorts(spec), bound, [bound](uint16_t port) {
        fmt::print(stderr,
                   "netgrade: another netgrade run on this computer grades a program on port {} "
                   "(without a network of their own, programs on a fixed port share this "
                   "computer's): waiting for it to finish, at most {} s\n",
                   port, (bound.count() + 999) / 1000);
      });
  if (std::string taken = observe::FixedPortTaken(spec, roles); !taken.empty())
    throw UsageError(taken);
  return locks;
}

void WaitForFixedPortsToClear(const spec::Spec& spec, const RunOptions& run) {
  if (SharedNetwork(run))
    for (uint16_t port : FixedPorts(spec)) WaitForNoSocketOn(port);
}

void WaitForNoSocketOn(uint16_t port, std::chrono::milliseconds bound) {
  // FIN_WAIT1, FIN_WAIT2, TIME_WAIT, LAST_ACK, CLOSING: no process needed to end them.
  auto closing = [](const observe::SocketInfo& s) {
    return s.state == 4 || s.state == 5 || s.state == 6 || s.state == 9 || s.state == 11;
  };
  PollUntil(
      [&] {
        std::optional<std::vector<observe::SocketInfo>> on =
            observe::DiagSockets({{observe::SocketProto::kTcp, kAnyState, port, 0}});
        return !on || on->empty() || !std::all_of(on->begin(), on->end(), closing);
      },
      bound, std::chrono::milliseconds(20));
}

bool PortTakenByAnotherCase(const check::CaseResult& r) {
  if (r.passed() || r.not_run() || r.verdict == check::Verdict::kGraderError) return false;
  return r.said_address_in_use;
}

}  // namespace netgrade::run
