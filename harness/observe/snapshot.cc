#include "harness/observe/snapshot.h"

#include "harness/observe/udp_stall.h"

namespace netgrade::observe {

Observation Snapshot(const Observation& so_far, const SnapshotSources& from) {
  Observation o = so_far;
  if (from.peer) {
    o.connections = from.peer->log();
    o.sent_ahead = from.peer->sent_ahead();
    o.script_failure.reset();
    if (const peers::ScriptFailure* f = from.peer->script_failure()) o.script_failure = *f;
  } else {
    o.connections.clear();
    o.script_failure.reset();
  }
  o.other_protocol_seen = (from.peer && from.peer->other_protocol_seen()) ||
                          (from.proxy_decoy && from.proxy_decoy->seen());
  o.grader_loss = from.udp_proxy && from.udp_proxy->kernel_drops() > 0;
  o.proxy_bytes_from_student = 0;
  if (from.udp_proxy)
    for (const proxy::TranscriptEntry& e : from.udp_proxy->transcript().entries())
      if (e.direction == plan::Direction::kFromStudent) o.proxy_bytes_from_student += e.size;
  if (from.udp_proxy && !from.student_listens)
    o.dropped_not_resent = DroppedNotResent(from.udp_proxy->transcript());
  o.stdout_text = from.process->stdout_text();
  o.stdout_cut = from.process->stdout_cut();
  o.program = ProgramSnapshot(so_far.program, *from.process, *from.limits, from.cgroup);
  return o;
}

ProgramRun ProgramSnapshot(const ProgramRun& so_far, const sandbox::Process& process,
                           const sandbox::Limits& limits, const sandbox::CaseCgroup* cgroup) {
  ProgramRun p = so_far;
  const sandbox::ExitInfo& e = process.exit_info();
  p.exited = e.exited && !e.killed_by_grader;
  p.status = e.status;
  p.signal = e.signal;
  p.stderr_text = process.stderr_text();
  p.exec_errno = e.exec_errno;
  p.exec_path = e.exec_path;
  p.left_behind = e.left_behind;
  p.output_cut = process.stdout_cut() || process.stderr_cut();
  p.output_cap = limits.output_bytes;
  p.process_limit = limits.processes;
  p.memory_limit = limits.memory_bytes;
  p.cpu_limit_s = limits.cpu_seconds;
  p.file_size_limit = limits.file_size_bytes;
  p.open_files_limit = limits.open_files;
  if (cgroup) {
    p.process_limit_hit = cgroup->process_limit_hit();
    p.memory_limit_hit = cgroup->memory_limit_hit();
  }
  return p;
}

}  // namespace netgrade::observe
