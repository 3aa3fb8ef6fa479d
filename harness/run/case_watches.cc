// What the grader watches of the student's program while its case runs: whether it waits
// or rests, where it sends, what it uses (case_run.h).
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

void CaseRun::WatchStraySends(uint16_t peer_port) {
  // Without a proxy, a UDP client's datagram to the peer's port closed (the script stopped
  // the peer) is a loss: the stall watch reads it as it reads the plan's drops.
  std::function<void(const std::string&)> lost;
  if (plan_.udp && !proxy_) {
    closed_losses_ = std::make_unique<observe::ClosedPortLosses>(loop_, [this] {
      size_t n = 0;
      for (const peers::ConnectionLog& l : PeerLog()) n += l.datagrams.size();
      return n;
    });
    lost = [this](const std::string& payload) { closed_losses_->Lost(payload); };
  }
  stray_ = observe::WatchClientSends(
      loop_, plan_.udp ? observe::SocketProto::kUdp : observe::SocketProto::kTcp,
      network_.isolated(), obs_.port, {obs_.port, peer_port}, [this] { return ProgramPids(); },
      std::move(lost));
  // The other protocol's too: a client written for the other exercise (a UDP client in a TCP
  // one) sends to a port written in it, and is told its protocol, not that it never sent.
  stray_other_ = observe::WatchClientSends(
      loop_, plan_.udp ? observe::SocketProto::kTcp : observe::SocketProto::kUdp,
      network_.isolated(), obs_.port, {obs_.port, peer_port}, [this] { return ProgramPids(); });
  obs_.sends_visible = stray_ && stray_->available() && network_.isolated();
  if (closed_losses_ && stray_ && stray_->available())
    stall_ = std::make_unique<observe::UdpStallWatch>(
        loop_, closed_losses_->Feed(), [this] { return LivePid(); }, thresholds_.stall_after_drop);
}

void CaseRun::WatchAnswers() {
  if (plan_.udp) stray_ = observe::WatchServerAnswers(loop_, StudentPort());
}

void CaseRun::WatchOwnServerConnects() {
  if (plan_.udp || !own_server_) return;
  obs_.own_server_port = own_server_->port();
  stray_ = observe::WatchClientSends(loop_, observe::SocketProto::kTcp, network_.isolated(),
                                     own_server_->port(), {StudentPort(), own_server_->port()},
                                     [this] { return ProgramPids(); });
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
