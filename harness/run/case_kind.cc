// A case of a lab kind of its own (kinds/kind.h): the kind's case runs it, and this runner is
// its host: the program, the deadline and the verdict's ending (case_run.h).
#include "harness/run/case_run.h"

namespace netgrade::run::case_internal {

check::CaseResult CaseRun::RunKind() {
  kind_case_ = kind_->start_case();
  return kind_case_->Run(*this);
}

uint64_t CaseRun::case_seed() const { return plan::CaseSeed(plan_.run_seed, test_.name); }

void CaseRun::StartProgram(const sandbox::NetNamespace& where, const std::string& host) {
  deadline_.emplace(start_, std::chrono::milliseconds(obs_.timeout_ms));
  if (!options_.capture_file.empty()) capture_ = std::make_unique<CaseCapture>(where);
  {
    // The program lives in the kind's host for the student, and nowhere else.
    sandbox::NetNamespace::Scope in_student(&where);
    StartProgram(host);
  }
  stdout_dirty_ = true;
}

void CaseRun::StartProgramAt(const std::string& host, uint16_t port) {
  deadline_.emplace(start_, std::chrono::milliseconds(obs_.timeout_ms));
  if (!options_.capture_file.empty()) capture_ = std::make_unique<CaseCapture>(network_);
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

std::optional<kinds::CopyEnd> CaseRun::CopyEnded() const {
  if (!copy_ || !copy_->finished()) return std::nullopt;
  const sandbox::ExitInfo& e = copy_->exit_info();
  kinds::CopyEnd end{.status = e.status, .signal = e.signal, .stderr_tail = ""};
  // Its last lines, as many as fit in 600 bytes.
  std::string_view err = copy_->stderr_text();
  while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.remove_suffix(1);
  if (err.size() > 600) {
    err.remove_prefix(err.size() - 600);
    if (size_t nl = err.find('\n'); nl != std::string_view::npos) err.remove_prefix(nl + 1);
  }
  end.stderr_tail = std::string(err);
  return end;
}

bool CaseRun::WaitUntilBound() {
  // Its sockets are seen (sock_diag) in its own namespace.
  sandbox::NetNamespace::Scope in_student(network_.student());
  WaitUntilListening();
  return obs_.ready && obs_.listened_port == 0;
}

void CaseRun::RunUntilSettled(const std::function<bool()>& settled) {
  obs_.timed_out = !RunUntilDeadline(settled);
}

bool CaseRun::ProgramFinished() const { return process_->finished(); }

}  // namespace netgrade::run::case_internal
