// One case from start to verdict: start the reference peer and the student's program, wait
// until the program is seen listening (when it is a server), play the peer's part, stop
// when every expectation is decided or the case times out, then judge.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "harness/base/thresholds.h"
#include "harness/check/result.h"
#include "harness/plan/submission.h"
#include "harness/sandbox/process.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

struct RunOptions {
  uint64_t seed = 1;
  double timeout_multiplier = 1.0;  // NETGRADE_TIMEOUT_MULTIPLIER, for slow machines
  // The durations that decide a verdict, before scaling: each case uses them times
  // timeout_multiplier, as it does its timeout (tests set shorter ones).
  Thresholds thresholds;
  sandbox::Limits limits;
  // Run each case in network namespaces of its own when the machine allows it.
  bool isolate = true;
  // Who the student's program runs as when the grader is root: a uid of the case's own
  // (sandbox::CaseUser), or nobody when none can be claimed.
  int student_uid = 65534;
  int student_gid = 65534;
  // --pcap: the pcapng file the case's packets are written to ("": none).
  std::string capture_file;
  // --pcap-max: no capture file grows past this; the packets past it are counted, not kept.
  size_t capture_max_bytes = size_t{16} << 20;
  // The instructor's program that plays the case's other role (spec::PeerProgram), in a copy
  // of its own folder, run as `uid` when the grader is root; unset: netgrade's built-in peer.
  struct PeerProgramRun {
    plan::Program program;
    std::string workdir;
    int uid = 65534;
    int gid = 65534;
  };
  std::optional<PeerProgramRun> peer_program;
};

// Runs `test` with `program` in `workdir`. The case enters network namespaces of its own: on a
// thread of its own when called on the process's first thread (sandbox::OffTheFirstThread).
// Returns once everything the case started has ended and is freed.
check::CaseResult RunCase(const spec::Spec& spec, const spec::Case& test,
                          const plan::Program& program, const std::string& workdir,
                          const RunOptions& options);

// What a case leaves once its verdict is known: a contained program in a network of the
// case's own, sent SIGKILL and perhaps still ending (the kernel takes milliseconds to end its
// PID and mount namespaces), with the cgroup, the network namespace and the sockets it had.
// Letting go of the last reference waits for that end and frees them: do it on a thread
// that is not the process's first (it enters the namespace), before the case's folder is
// removed. Empty when the case ended everything itself.
using CaseRemains = std::shared_ptr<void>;

struct CaseLeavingRemains {
  check::CaseResult result;
  CaseRemains remains;
};

// RunCase, returning as soon as the verdict is known: what is still ending is in `remains`,
// for the caller to let go of while it does something else (the next case).
CaseLeavingRemains RunCaseLeavingRemains(const spec::Spec& spec, const spec::Case& test,
                                         const plan::Program& program, const std::string& workdir,
                                         const RunOptions& options);

}  // namespace netgrade::run
