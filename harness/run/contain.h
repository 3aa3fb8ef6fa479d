// How student code runs contained, the same for a case's program and for the build of its
// submission: a cgroup, the student's user, the case's network, and its CPU time limit.
#pragma once

#include <memory>

#include "harness/run/case_runner.h"
#include "harness/sandbox/case_network.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/process.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

// A case's deadline moves for the machine's load (its run delay) by at most this many
// timeouts: a starved case still ends. Four: a program that touches its 1 GiB of memory needs
// 3 s of CPU in a virtual machine whose host backs each page at its first touch, which a
// program given a fifth of a CPU (a class graded with --jobs beyond the machine's CPUs, a
// test suite beside it) gets within five timeouts of 5 s; two left it "never listened".
inline constexpr int kMostLoadExtensions = 4;

// Contains student code: a cgroup of its own when isolating (returned: it must outlive the
// process, whose Kill() uses it), the student's user when the grader is root, and the
// network's hosts file, name server and containment when the network is the case's own. Sets
// those fields of `so`.
std::unique_ptr<sandbox::CaseCgroup> ContainStudentCode(const RunOptions& options,
                                                        sandbox::CaseNetwork& network,
                                                        sandbox::SpawnOptions* so);

// RLIMIT_CPU in whole seconds: the spec's cpu_limit scaled by the multiplier, or else enough
// for a program that spins from start to the case's latest end (its scaled timeout_ms, moved
// for load by at most kMostLoadExtensions timeouts, and a second): a busy loop gets a note, a
// failure only where the spec asks for one.
int CpuLimitSeconds(const spec::Case& test, int timeout_ms, double multiplier);

}  // namespace netgrade::run
