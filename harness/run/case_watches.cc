// What the grader watches of the student's program while its case runs: whether it waits
// or rests, where it sends, what it uses (case_run.h).
#include <utility>
#include <vector>

#include "harness/base/proc.h"
#include "harness/observe/blocked_reading.h"
#include "harness/observe/listening.h"
#include "harness/observe/waiting.h"
#include "harness/run/case_run.h"
#include "harness/sandbox/copy_space.h"

namespace netgrade::run::case_internal {

peers::WaitingProbe CaseRun::StudentWaiting() {
  return [this] {
    return process_ && !process_->exit_info().exited && observe::AllWaiting(process_->Pids());
  };
}

peers::WaitingProbe CaseRun::StudentResting() {
  return [this] {
    return !process_ || process_->exit_info().exited ||
           observe::Resting(process_->Pids()).has_value();
  };
}

peers::WaitingProbe CaseRun::StudentRestingSurely() {
  return [this] {
    return !process_ || process_->exit_info().exited || RestingCall(process_->Pids()).has_value();
  };
}

peers::ReadingProbe CaseRun::StudentReading() {
  return [this] {
    if (!process_ || process_->exit_info().exited) return std::vector<uint64_t>{};
    return observe::SocketsBlockedReading(process_->Pids());
  };
}

pid_t CaseRun::LivePid() const {
  return process_ && !process_->exit_info().exited ? process_->program_pid() : 0;
}

std::vector<pid_t> CaseRun::ProgramPids() const {
  return process_ ? process_->Pids() : std::vector<pid_t>{};
}

int64_t CaseRun::ProgramRunDelayNs() const {
  return process_ ? LongestRunDelayNs(process_->Pids()) : 0;
}

bool CaseRun::UnreachableFromPeerHost() const {
  return plan_.two_hosts && observe::ListensOnlyOnLoopback(obs_.sockets, StudentPort());
}

sockets::SendsWatch& CaseRun::Sends() {
  if (!sends_) {
    sockets::SendsWatch::Setup setup;
    setup.loop = &loop_;
    setup.datagrams = plan_.udp;
    setup.own_namespace = network_.isolated();
    setup.stall_after = thresholds_.stall_after_drop;
    setup.pids = [this] { return ProgramPids(); };
    setup.live_pid = [this] { return LivePid(); };
    sends_ = std::make_unique<sockets::SendsWatch>(std::move(setup));
  }
  return *sends_;
}

void CaseRun::WatchStraySends(uint16_t peer_port) {
  Sends().WatchClient(obs_.port, peer_port, proxy_ ? proxy_->udp() : nullptr, [this] {
    size_t n = 0;
    for (const peers::ConnectionLog& l : PeerLog()) n += l.datagrams.size();
    return n;
  });
  obs_.sends_visible = Sends().sends_visible();
}

void CaseRun::WatchServerSends() {
  obs_.own_server_port = Sends().WatchServer(StudentPort(), own_server_ ? own_server_->port() : 0);
}

void CaseRun::WatchCaps() {
  const sandbox::CaseCgroup* cgroup = launch_->cgroup();
  bool memory_capped = cgroup && cgroup->caps_memory();
  bool processes_capped = cgroup && cgroup->caps_processes();
  CapWatch::Setup setup;
  setup.loop = &loop_;
  setup.pids = [this] { return ProgramPids(); };
  // The cgroup's own backstop (run/contain.cc): RLIMIT_DATA stops one process first.
  if (!memory_capped) setup.max_memory_bytes = options_.limits.memory_bytes + (int64_t{512} << 20);
  if (!processes_capped) setup.max_processes = options_.limits.processes;
  setup.over_memory = [this] { process_->Kill(); };
  // Past the cap only where no kernel cap held it (RLIMIT_NPROC stops it at the cap).
  setup.over_processes = [this] { process_->Kill(); };
  // What it writes in its copy: a tmpfs copy refuses writes past it by itself; a copy on
  // the disk stops the program there.
  setup.workdir = workdir_;
  setup.over_disk = [this] {
    if (!sandbox::CopyIsBounded(workdir_)) process_->Kill();
  };
  caps_ = std::make_unique<CapWatch>(std::move(setup));
}

}  // namespace netgrade::run::case_internal
