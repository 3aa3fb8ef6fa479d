// Starting a case's program and seeing it get ready. The options it starts with (argv, port,
// environment, containment, limits) are made once per case, so that a script that starts it
// again (spec::Step kStartStudent) starts it exactly as at the case's start; and readiness is
// read from its socket table (observe/listening.h), never probed with a connection.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/observe/listening.h"
#include "harness/observe/owner_sight.h"
#include "harness/observe/proc_sockets.h"
#include "harness/plan/case_plan.h"
#include "harness/run/case_runner.h"
#include "harness/sandbox/case_network.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/process.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

// How often the program's socket table is looked at while it gets ready.
inline constexpr auto kReadinessPoll = std::chrono::milliseconds(1);
// ... doubling up to this (observe::ListenBackoff): a slow start costs few looks.
inline constexpr auto kListenPollMost = std::chrono::milliseconds(8);

// The case's script feeds standard input (a `stdin` or `close: stdin` step): it then stays
// open after the case's `stdin` lines, until the script closes it. Otherwise input ends after
// those lines, as without a script.
bool FeedsStdin(const spec::Case& test);

class ProgramLaunch {
 public:
  // The program of `plan`, told to reach `host` and use `port`, in `workdir`; contained as
  // run/contain.h says (the case's cgroup lives as long as this, and every start joins it).
  // `timeout_ms`: the case's, scaled (it sets the CPU limit).
  ProgramLaunch(const plan::CasePlan& plan, const std::string& workdir, const RunOptions& options,
                int timeout_ms, sandbox::CaseNetwork& network, const std::string& host,
                uint16_t port);

  // Starts the program. The first start is fed the case's `stdin` lines; a later one (a
  // script's `start: student`) a new standard input with nothing written yet: those lines went
  // to the first. When the script feeds it (FeedsStdin), standard input stays open. Throws
  // SystemError when the grader cannot start it. The program started before must be gone and
  // destroyed first (it shares the cgroup, which its Kill() empties), but for a copy that runs
  // beside it (kinds::CaseHost::StartCopy), which is stopped first.
  std::unique_ptr<sandbox::Process> Start(EventLoop& loop);

  const sandbox::CaseCgroup* cgroup() const { return cgroup_.get(); }
  const sandbox::SpawnOptions& options() const { return options_; }

 private:
  sandbox::SpawnOptions options_;
  std::unique_ptr<sandbox::CaseCgroup> cgroup_;
  // Where the grader may not read where another user's program is blocked (a default Docker
  // container), a helper with the program's user reads it (observe/owner_sight.h).
  std::unique_ptr<observe::OwnerSight> sight_;
  int starts_ = 0;
};

// What one look at the program's socket table says about its readiness.
struct Readiness {
  std::vector<observe::SocketInfo> sockets;  // its sockets at that look
  bool on_port = false;                      // it listens on the port, in the kind's protocol
  // It listens with the kind's protocol on this port instead (one written in the program).
  uint16_t elsewhere = 0;
  // Decided: it listens somewhere (on the port, elsewhere, or in the other protocol).
  bool decided = false;
};
// `proto`: the protocol the lab kind's programs listen with (check::SocketTerms::proto).
Readiness LookAtReadiness(const std::vector<pid_t>& pids, observe::SocketProto proto,
                          uint16_t port);

// Looks at the program's listeners at once, then at kReadinessPoll doubling to kListenPollMost,
// until readiness is decided, then calls `decided` once. Destroying it stops the looks (also from
// inside `decided`).
class ListeningWatch {
 public:
  ListeningWatch(EventLoop& loop, std::function<std::vector<pid_t>()> pids,
                 observe::SocketProto proto, uint16_t port,
                 std::function<void(const Readiness&)> decided);
  ~ListeningWatch();
  ListeningWatch(const ListeningWatch&) = delete;
  ListeningWatch& operator=(const ListeningWatch&) = delete;

  void Start();
  const Readiness& last() const { return last_; }  // the latest look

 private:
  void Look();

  EventLoop& loop_;
  std::function<std::vector<pid_t>()> pids_;
  observe::SocketProto proto_;
  uint16_t port_;
  std::function<void(const Readiness&)> decided_;
  Readiness last_;
  uint64_t timer_ = 0;
  observe::ListenBackoff backoff_{kReadinessPoll, kListenPollMost};
};

}  // namespace netgrade::run
