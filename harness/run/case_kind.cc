// A case of a lab kind of its own (kinds/kind.h): the kind's case runs it, and this runner is
// its host: the program, the deadline and the verdict's ending (case_run.h).
#include <chrono>
#include <string>
#include <string_view>

#include "harness/run/case_run.h"
#include "harness/run/program_start.h"

namespace netgrade::run::case_internal {

check::CaseResult CaseRun::RunKind() {
  kind_case_ = kind_.start_case();
  return kind_case_->Run(*this);
}

uint64_t CaseRun::case_seed() const { return plan::CaseSeed(plan_.run_seed, test_.name); }

void CaseRun::StartProgram(const sandbox::NetNamespace& where, const std::string& host) {
  deadline_.emplace(start_, std::chrono::milliseconds(obs_.timeout_ms));
  if (!options_.capture_file.empty())
    capture_ = std::make_unique<CaseCapture>(where, options_.capture_max_bytes);
  {
    // The program lives in the kind's host for the student, and nowhere else.
    sandbox::NetNamespace::Scope in_student(&where);
    StartProgram(host);
  }
  stdout_dirty_ = true;
}

void CaseRun::StartProgramAt(const std::string& host, uint16_t port) {
  deadline_.emplace(start_, std::chrono::milliseconds(obs_.timeout_ms));
  if (!options_.capture_file.empty())
    capture_ = std::make_unique<CaseCapture>(network_, options_.capture_max_bytes);
  obs_.port = port;
  {
    sandbox::NetNamespace::Scope in_student(network_.student());
    StartProgram(host);
  }
  stdout_dirty_ = true;
}

void CaseRun::StartCopy() {
  sandbox::NetNamespace::Scope in_student(network_.student());
  copy_ = launch_->Start(loop_);
}

namespace {

// A program's last lines on standard error, as many as fit in 600 bytes.
std::string LastLines(std::string_view err) {
  while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.remove_suffix(1);
  if (err.size() > 600) {
    err.remove_prefix(err.size() - 600);
    if (size_t nl = err.find('\n'); nl != std::string_view::npos) err.remove_prefix(nl + 1);
  }
  return std::string(err);
}

std::optional<kinds::CopyEnd> EndOf(const sandbox::Process* p) {
  if (!p || !p->finished()) return std::nullopt;
  const sandbox::ExitInfo& e = p->exit_info();
  return kinds::CopyEnd{.status = e.status,
                        .signal = e.signal,
                        .stderr_tail = LastLines(p->stderr_text()),
                        .killed_by_grader = e.killed_by_grader};
}

// How long a listening peer program may take to bind its port: a bound on its failure (a
// program that never binds), never a wait for one that does.
constexpr auto kPeerBindBound = std::chrono::seconds(20);

}  // namespace

std::optional<kinds::CopyEnd> CaseRun::CopyEnded() const { return EndOf(copy_.get()); }

std::string CaseRun::StartPeerProgram(const std::string& host, uint16_t port, bool listens) {
  if (!test_.peer_program || !options_.peer_program)
    return "the case names no instructor's program for its peer";
  const RunOptions::PeerProgramRun& run = *options_.peer_program;
  // Planned as a case of its role: its role's command line, or the one the spec gives it; no
  // standard input, no script, nothing expected of it.
  spec::Case& peer = peer_test_.emplace(test_);
  peer.role = test_.peer_program->role;
  peer.argv = test_.peer_program->argv;
  peer.script.clear();
  peer.stdin_lines.clear();
  peer.stdin_draws.clear();
  peer.expect = spec::Expect{};
  peer_plan_.emplace(plan::PlanCase(spec_, peer, run.program, options_.seed));
  RunOptions as_peer = options_;
  as_peer.student_uid = run.uid;
  as_peer.student_gid = run.gid;
  as_peer.capture_file.clear();
  {
    sandbox::NetNamespace::Scope in_student(network_.student());
    peer_launch_ = std::make_unique<ProgramLaunch>(*peer_plan_, run.workdir, as_peer,
                                                   obs_.timeout_ms, network_, host, port);
    peer_process_ = peer_launch_->Start(loop_);
  }
  if (!listens) return "";
  sandbox::NetNamespace::Scope in_student(network_.student());
  bool bound = false;
  ListeningWatch watch(
      loop_, [this] { return peer_process_->Pids(); }, kind_.checks.terms.proto, port,
      [&](const Readiness& r) { bound = r.on_port; });
  watch.Start();
  loop_.RunUntil([&] { return bound || peer_process_->finished(); }, loop_.Now() + kPeerBindBound);
  if (bound) return "";
  if (peer_process_->finished()) return "it ended before it was bound";
  return watch.last().decided ? "it listened on another port than the one it was given"
                              : "it was not bound after 20 s";
}

std::optional<kinds::CopyEnd> CaseRun::PeerProgramEnded() const {
  return EndOf(peer_process_.get());
}

std::string CaseRun::PeerProgramStderr() const {
  return peer_process_ ? LastLines(peer_process_->stderr_text()) : "";
}

bool CaseRun::WaitUntilBound() {
  // Its sockets are seen (sock_diag) in its own namespace.
  sandbox::NetNamespace::Scope in_student(network_.student());
  WaitUntilListening();
  return obs_.ready && obs_.listened_port == 0;
}

void CaseRun::RunUntilSettled(const std::function<bool()>& settled) {
  obs_.timed_out = !RunUntilDeadline(settled);
  // An instructor's program that waits with a timer of its own kept the case from rest (it
  // might have sent again): at the timeout, the program's own rest is what its diagnosis needs
  // (a sender stalled with no timeout after a loss is no_resend, not only "not delivered").
  if (obs_.timed_out && peer_process_ && obs_.at_rest_in.empty() && process_ &&
      !process_->exit_info().exited)
    if (std::optional<std::string> call = RestingCall(process_->Pids())) obs_.at_rest_in = *call;
}

bool CaseRun::ProgramFinished() const { return process_->finished(); }

}  // namespace netgrade::run::case_internal
