// A settled case's verdict: the last observation, the judge, the exit grace, the result
// (case_run.h).
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "harness/base/file.h"
#include "harness/check/decide.h"
#include "harness/check/fixed_host.h"
#include "harness/check/notes.h"
#include "harness/check/program_source.h"
#include "harness/observe/snapshot.h"
#include "harness/run/case_result.h"
#include "harness/run/case_run.h"
#include "harness/run/written_files.h"
#include "harness/sandbox/copy_space.h"

namespace netgrade::run::case_internal {

check::CaseResult CaseRun::Finish() {
  obs_.peer_state = peer_ ? peer_->Describe() : "the program never got ready";
  if (caps_) caps_->LookAtDisk();
  // What is judged is settled: a reference sender's resends after it would only make the
  // transcript turn on how long the exit grace below lasts.
  if (peer_) peer_->Hush();
  observe::Observation final_obs;
  auto decide = [&] {
    process_->DrainOutput();
    final_obs = Snapshot();
    LookAtWrittenFiles(workdir_, &final_obs);
    return check::Decide(final_obs, check::Phase::kEnded, kind_.checks);
  };
  check::Decision d = decide();
  // The grace below is for a program already failing to show why, not more time: one that
  // must exit and is still running at its timeout has not exited (did_not_exit), whatever
  // it does next.
  bool exit_overdue = test_.expect.exit == spec::ExitRule::kRequired && obs_.timed_out;
  // A program at rest will not exit either: nothing can wake it before the case's end.
  if (d.may_explain_by_exit && !process_->exit_info().exited && !obs_.stalled_after_drop &&
      !exit_overdue && obs_.at_rest_in.empty()) {
    // A program that is failing may be about to exit (a server that stops after its first
    // client): that explains the failure better, so let it, within a short bound. One that
    // comes to rest with no timer due within the bound will not: the verdict is final then.
    TimePoint grace_end = loop_.Now() + thresholds_.exit_grace;
    loop_.RunUntil(
        [this, grace_end] {
          return process_->exit_info().exited || RestingCallUntil(grace_end).has_value();
        },
        grace_end);
    d = decide();
  }
  if (process_->exit_info().exited && !exit_time_) exit_time_ = loop_.Now();
  TimePoint program_end = exit_time_.value_or(loop_.Now());
  if (!process_->exit_info().exited) LookForSpinning();
  final_obs.idle_cpu_ms = busy_.idle_cpu_ns() / 1e6;
  final_obs.idle_cpu_share = busy_.idle_share();
  // A contained program in a network of the case's own is left to end while the case's
  // remains are torn down (RunCaseLeavingRemains): what it does meanwhile reaches nobody.
  // Its packets in a capture, and a kind's own wire, are written after this:
  // ended first.
  if (copy_) copy_->Kill();
  if (peer_process_) peer_process_->Kill();
  ending_ = network_.isolated() && process_->contained() && !capture_ && !kind_case_;
  if (ending_)
    process_->StartKill();
  else
    process_->Kill();
  if (peer_) peer_->Close();
  proxy_decoy_.reset();

  CaseOutcome outcome;
  outcome.test = &test_;
  outcome.program = program_.display_name;
  outcome.seed = options_.seed;
  outcome.finding = d.finding;
  outcome.points = d.points;
  outcome.seen = &final_obs;
  outcome.kind = &kind_.checks;
  outcome.proxy = proxy_.get();
  outcome.wall_ms = Ms(Clock::now() - start_);
  outcome.student_ms = Ms(program_end - program_start_);
  outcome.load_extension_ms = Ms(deadline_->extended());
  check::CaseResult r = MakeCaseResult(outcome);
  NoteHostUse(&r);
  return r;
}

observe::Observation CaseRun::Snapshot() {
  observe::SnapshotSources from;
  from.process = process_.get();
  from.limits = &options_.limits;
  from.cgroup = launch_->cgroup();
  from.peer = peer_.get();
  from.proxy_decoy = proxy_decoy_.get();
  from.udp_proxy = proxy_ ? proxy_->udp() : nullptr;
  from.student_listens = plan_.student_listens;
  obs_.stray_sends = sends_ ? sends_->seen() : std::vector<observe::StraySend>{};
  observe::Observation o = observe::Snapshot(obs_, from);
  o.refused_connections = RefusedConnections();
  if (peers::Admission* a = Admission()) {
    o.bypassed_proxy = a->refused();
    o.bypassed_from = a->first_refused();
  }
  if (deadline_) o.load_extension_ms = Ms(deadline_->extended());
  if (kind_case_) o.kind = kind_case_->Evidence(*this);
  if (caps_) {
    o.program.memory_limit_hit |= caps_->memory_hit();
    o.program.process_limit_hit |= caps_->processes_hit();
    o.program.process_limit_stopped = caps_->processes_stopped();
    o.program.disk_limit_hit |= caps_->disk_hit();
    o.program.disk_limit_bytes = static_cast<int64_t>(sandbox::kCaseWrites.bytes);
    o.program.disk_limit_entries = static_cast<int64_t>(sandbox::kCaseWrites.entries);
  }
  return o;
}

size_t CaseRun::RefusedConnections() const {
  return (peer_ ? peer_->refused_connections() : 0) + (proxy_ ? proxy_->refused_connections() : 0);
}

const std::vector<peers::ConnectionLog>& CaseRun::PeerLog() const {
  static const std::vector<peers::ConnectionLog> kNone;
  return peer_ ? peer_->log() : kNone;
}

void CaseRun::NoteHostUse(check::CaseResult* r) {
  if (plan_.student_listens || kind_case_) return;
  check::HostUse use;
  use.program = program_.display_name;
  for (const std::string& arg : spec::CaseArgv(role_, test_))
    if (arg.find("{host}") != std::string::npos) use.host_given = true;
  use.peer_host = network_.peer_host();
  use.datagrams = plan_.udp;
  if (proxy_) use.dialled.push_back(proxy_->dialled());
  for (const peers::ConnectionLog& l : PeerLog()) use.dialled.push_back(l.dialled);
  if (names_) use.names = names_->names();
  if (launch_) {
    const std::vector<std::string>& argv = launch_->options().argv;
    for (size_t i = 1; i < argv.size(); ++i) use.given.push_back(argv[i]);  // not its own path
  }
  use.given.push_back(plan_.stdin_data);
  // Without a network of its own, the textbook's placeholder names resolve only where the
  // hosts file the program read maps them (this machine's, or the one the connect guard
  // answered its reads with), or where one is this machine's own name (nss-myhostname
  // resolves that without the file).
  if (!network_.isolated()) {
    char own[256] = {};
    ::gethostname(own, sizeof own - 1);
    std::string hosts = "/etc/hosts";
    if (launch_ && !launch_->options().answer_hosts.empty())
      hosts = launch_->options().answer_hosts;
    use.hosts_names =
        check::NamesInHostsFile(ReadFile(hosts).value_or("") + "\n127.0.1.1 " + own + "\n");
  }
  bool reached = std::any_of(use.dialled.begin(), use.dialled.end(),
                             [](const std::string& d) { return !d.empty(); });
  check::NoteHostUse(use, network_.isolated(), reached, [this] { return ProgramSource(); }, r);
}

std::optional<std::string> CaseRun::ProgramSource() const {
  std::vector<std::filesystem::path> sources = check::SourcesOf(program_.path.string());
  if (sources.empty()) return std::nullopt;
  return check::ReadSource(sources.front());
}

}  // namespace netgrade::run::case_internal
