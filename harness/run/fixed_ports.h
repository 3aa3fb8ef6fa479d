// Programs on a fixed port (the textbook's 12000) on this machine's own network, where cases
// have no network namespaces of their own: the netgrade runs on this computer take the port in
// turns, a case waits for the connections of the case before to leave TIME_WAIT, and a case
// whose program found its port taken by another case running at once is told apart.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "harness/check/result.h"
#include "harness/run/case_runner.h"
#include "harness/sandbox/port_lock.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

// The fixed ports of the spec's roles.
std::vector<uint16_t> FixedPorts(const spec::Spec& spec);

// Whether the cases run on this machine's own network: no namespaces of their own, by choice
// or because the machine refuses them.
bool SharedNetwork(const RunOptions& run);

// On this machine's own network: this run's turn on the spec's fixed ports, waited for while
// another netgrade run on this computer holds them (said once on stderr), at most two minutes
// or NETGRADE_PORT_TURN_MS (a test's shorter bound) (sandbox/port_lock.h). nullopt on a
// network of the cases' own. Once the turn has come, a port still held by another program
// (the student's own server from an earlier try, still running) would fail every case with
// "Address already in use": throws UsageError naming the holder, before any case (`roles`: the
// roles graded, empty for all).
std::optional<sandbox::PortLocks> TakeFixedPortTurns(const spec::Spec& spec, const RunOptions& run,
                                                     const std::set<std::string>& roles);

// On this machine's own network, the connections of the case before on a fixed port may
// linger in TIME_WAIT for up to 60 s (the textbook's server closes first and sets no
// SO_REUSEADDR): while they do, neither its bind nor the peer's can succeed. Before such a
// case, while the kernel shows sockets on a fixed port of the spec (sock_diag) and every one
// is closing (it goes away by itself), at most 65 s; at once where it cannot be seen, where a
// socket a process holds is there (another program listening on the port: waiting would not
// free it, and the case says who holds it), and on a network of the cases' own.
void WaitForFixedPortsToClear(const spec::Spec& spec, const RunOptions& run);
// The same for one port, at most `bound` (a test's shorter one).
void WaitForNoSocketOn(uint16_t port,
                       std::chrono::milliseconds bound = std::chrono::milliseconds(65'000));

// Whether a failed case's program said a port it binds is in use, in any language's words
// (C's strerror, Python's, Java's BindException, Go's, Node's EADDRINUSE, Rust's).
bool PortTakenByAnotherCase(const check::CaseResult& r);

}  // namespace netgrade::run
