// The grader's view of a case at one moment, read off the running pieces into an
// Observation (plain data the judge reads): the peer's log, the proxy's, the program's output,
// how it ended and which sandbox limits it ran into.
#pragma once

#include "harness/observe/observation.h"
#include "harness/peers/peer.h"
#include "harness/proxy/udp_proxy.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/process.h"

namespace netgrade::observe {

// What a snapshot is read from; every pointer may be null but the process and its limits.
struct SnapshotSources {
  const sandbox::Process* process = nullptr;
  const sandbox::Limits* limits = nullptr;
  const sandbox::CaseCgroup* cgroup = nullptr;
  const peers::Peer* peer = nullptr;
  const peers::Decoy* proxy_decoy = nullptr;  // the other protocol, on the proxy's port
  const proxy::UdpProxy* udp_proxy = nullptr;
  bool student_listens = false;
};

// `so_far` with what the sources show now (connections, output, the program's end...).
Observation Snapshot(const Observation& so_far, const SnapshotSources& from);

// How the program stands now: its exit, its stderr, the limits and whether it hit them.
// `display_name` and what the sources cannot tell are kept from `so_far`.
ProgramRun ProgramSnapshot(const ProgramRun& so_far, const sandbox::Process& process,
                           const sandbox::Limits& limits, const sandbox::CaseCgroup* cgroup);

}  // namespace netgrade::observe
