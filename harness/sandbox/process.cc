#include "harness/sandbox/process.h"

#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>

#include "harness/base/error.h"
#include "harness/base/file.h"
#include "harness/base/fork_lock.h"
#include "harness/base/proc.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/grader_children.h"
#include "harness/sandbox/kill.h"
#include "harness/sandbox/process_impl.h"
#include "harness/sandbox/spawn.h"

namespace netgrade::sandbox {
namespace {

// waitid's P_PIDFD (Linux 5.4), which older C libraries do not name.
constexpr int kPidfdIdType = 3;

// A process's number in the innermost PID namespace it is in (the last of its status file's
// NSpid), or 0 when it is gone.
pid_t InnermostPid(pid_t pid) {
  std::string nspid =
      ProcStatusField(ReadFile("/proc/" + std::to_string(pid) + "/status").value_or(""), "NSpid:");
  size_t last = nspid.find_last_of(" \t");
  return static_cast<pid_t>(std::atoi(nspid.c_str() + (last == std::string::npos ? 0 : last + 1)));
}

// Whether `pid`, a child not reaped yet, has not ended.
bool StillRuns(pid_t pid) {
  siginfo_t info{};
  return ::waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0;
}

}  // namespace

Process::Process(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Process::~Process() {
  Kill();
  impl_->Close(impl_->stdin_w);
  impl_->Close(impl_->stdout_r);
  impl_->Close(impl_->stderr_r);
  impl_->Close(impl_->pidfd);
}

pid_t Process::pid() const { return impl_->pid; }

pid_t Process::program_pid() const {
  Impl& m = *impl_;
  if (!m.contained) return m.reaped ? 0 : m.pid;
  // pid -> init (its only child) -> the program (init's child with the program's number in
  // the namespace: once the program is gone, init's first child is an orphan it adopted).
  auto first_child = [](pid_t p) {
    std::vector<pid_t> children = ChildrenOf(p);
    return children.empty() ? 0 : children.front();
  };
  if (m.init == 0 && !m.reaped && (m.init = first_child(m.pid)) != 0) {
    m.init_pidfd = Fd(static_cast<int>(::syscall(SYS_pidfd_open, m.init, 0)));
    // Still the first process's child once the pidfd is open: the pidfd is init's.
    if (first_child(m.pid) != m.init) m.init_pidfd.Reset();
  }
  if (m.program == 0 && m.init != 0)
    for (pid_t child : ChildrenOf(m.init))
      if (pid_t inner = InnermostPid(child); inner == m.program_in_namespace || inner == 2) {
        m.program = child;
        break;
      }
  if (m.program != 0 && ::kill(m.program, 0) != 0 && errno == ESRCH) return 0;
  return m.program;
}

bool Process::exit_on_its_way() const {
  const Impl& m = *impl_;
  if (!m.contained || m.exit.exited || m.reaped) return false;
  pid_t program = program_pid();
  if (m.init == 0) return false;  // not started yet, or its helpers already gone
  if (program == 0) return true;  // reaped by its init (or never seen: it ended at once)
  std::optional<ProcStat> stat = ReadProcStat("/proc/" + std::to_string(program) + "/stat");
  return stat && stat->state == 'Z';
}

const ExitInfo& Process::exit_info() const { return impl_->exit; }
bool Process::finished() const { return impl_->exit.exited && impl_->out_eof && impl_->err_eof; }
const std::string& Process::stdout_text() const { return impl_->out; }
const std::string& Process::stderr_text() const { return impl_->err; }
bool Process::stdout_cut() const { return impl_->out_cut; }
bool Process::stderr_cut() const { return impl_->err_cut; }
bool Process::stdin_closed() const { return !impl_->stdin_w; }
void Process::OnStdout(std::function<void()> cb) { impl_->on_stdout = std::move(cb); }
void Process::OnExit(std::function<void()> cb) { impl_->on_exit = std::move(cb); }

void Process::WriteStdin(const std::string& data) {
  Impl& m = *impl_;
  if (!m.stdin_w || !m.stdin_open) return;
  m.stdin_data += data;
  // At once, so that the line is in the pipe when this returns (a script then looks whether
  // the program has read it); what the pipe cannot take waits for POLLOUT.
  m.loop->SetEvents(m.stdin_w.get(), POLLOUT);
  m.WriteStdin();
}

size_t Process::stdin_pending() const {
  const Impl& m = *impl_;
  if (!m.stdin_w) return 0;
  int in_pipe = 0;
  if (::ioctl(m.stdin_w.get(), FIONREAD, &in_pipe) != 0) in_pipe = 0;
  return m.stdin_data.size() - m.stdin_off + static_cast<size_t>(in_pipe);
}

void Process::CloseStdin() {
  Impl& m = *impl_;
  if (!m.stdin_w) return;
  m.stdin_open = false;
  if (m.stdin_off >= m.stdin_data.size())
    m.Close(m.stdin_w);
  else
    m.loop->SetEvents(m.stdin_w.get(), POLLOUT);  // closed once the rest is written
}

void Process::Terminate() {
  Impl& m = *impl_;
  if (m.reaped) return;
  m.terminated = true;
  // Each process of the program (a contained one's, not the helpers that wait for it: they
  // end when it does), and its group, where the group is the program's own. Once each: a
  // program that handles SIGTERM would otherwise see it twice, or once, as the scheduler had it
  // (two signals merge only while the first is still pending).
  for (pid_t p : Pids())
    if (m.contained || ::getpgid(p) != m.pid) ::kill(p, SIGTERM);
  if (!m.contained) ::kill(-m.pid, SIGTERM);
}

void Process::DetachFromCgroup() {
  if (impl_->reaped) impl_->cgroup = nullptr;
}

Process::Printed Process::printed() const {
  return {impl_->out, impl_->err, impl_->out_cut, impl_->err_cut};
}

void Process::ContinueOutputOf(const Printed& e) {
  Impl& m = *impl_;
  auto join = [&](const std::string& before, std::string& now, bool& cut) {
    std::string both = before + now;
    if (both.size() > static_cast<size_t>(m.cap)) {
      both.resize(static_cast<size_t>(m.cap));
      cut = true;
    }
    now = std::move(both);
  };
  join(e.out, m.out, m.out_cut);
  join(e.err, m.err, m.err_cut);
  m.out_cut = m.out_cut || e.out_cut;
  m.err_cut = m.err_cut || e.err_cut;
}

std::vector<pid_t> Process::Pids() const {
  std::vector<pid_t> all = AllPids();
  if (!impl_->contained) return all;
  // Not the two helpers that wait for the program (they are always "waiting"): what the
  // grader observes is the program and what it started.
  program_pid();
  std::erase_if(all, [&](pid_t p) { return p == impl_->pid || p == impl_->init; });
  return all;
}

std::vector<pid_t> Process::AllPids() const {
  // The cgroup holds every descendant: the first process joined it before Start() returned
  // (it joins before exec, and Start() waits for the exec), and each child is born in it.
  if (impl_->cgroup) {
    std::vector<pid_t> pids = impl_->cgroup->Pids();
    std::sort(pids.begin(), pids.end());
    return pids;
  }
  std::set<pid_t> pids;
  if (!impl_->reaped)
    for (pid_t p : DescendantsOf(impl_->pid)) pids.insert(p);
  if (!impl_->reaped) pids.insert(impl_->pid);
  if (impl_->contained) {
    // Every process of the case is in its PID namespace: an orphan there goes to the
    // namespace's init, never to the grader. Only init itself can be orphaned (its parent
    // killed first): found by its pid.
    if (impl_->init != 0 && ::kill(impl_->init, 0) == 0)
      for (pid_t p : DescendantsOf(impl_->init)) pids.insert(p);
    return {pids.begin(), pids.end()};
  }
  // Neither a cgroup nor a PID namespace: orphans the grader adopted as subreaper, and their
  // descendants. With cases running at once, another case's may be among them: where each
  // case has a uid of its own, only this case's are taken.
  for (pid_t orphan : AdoptedOrphans(impl_->uid))
    for (pid_t p : DescendantsOf(orphan)) pids.insert(p);
  return {pids.begin(), pids.end()};
}

void Process::DrainOutput() {
  impl_->ReadStdout();
  impl_->ReadStderr();
}

bool Process::contained() const { return impl_->contained; }

void Process::StartKill() {
  Impl& m = *impl_;
  if (m.kill_started) return;
  DrainOutput();
  program_pid();  // init found (and its pidfd opened) while the first process is there
  m.kill_started = true;
  m.ran_at_kill = !m.reaped && StillRuns(m.pid);
  for (pid_t p : AllPids()) ::kill(p, SIGKILL);
  if (!m.reaped) ::kill(-m.pid, SIGKILL);  // the group
}

void Process::ReapInit() {
  Impl& m = *impl_;
  if (!m.init_pidfd) return;
  // The first process is reaped: init has ended and been reaped by it, or is this grader's
  // child now, killed with the rest (or ending with the program): waited for and reaped, or
  // each case would leave a zombie until the grader ends. Not its child: ECHILD at once.
  pollfd ended{m.init_pidfd.get(), POLLIN, 0};
  ::poll(&ended, 1, 2000);  // bounds a failure only: a killed init ends at once
  siginfo_t info{};
  ::waitid(static_cast<idtype_t>(kPidfdIdType), static_cast<id_t>(m.init_pidfd.get()), &info,
           WEXITED | WNOHANG);
  m.init_pidfd.Reset();
}

void Process::Kill() {
  Impl& m = *impl_;
  DrainOutput();
  program_pid();  // init found (and its pidfd opened) while the first process is there
  bool was_running = m.kill_started ? m.ran_at_kill : !m.reaped && StillRuns(m.pid);
  if (m.cgroup) const_cast<CaseCgroup*>(m.cgroup)->KillAll();
  KillUntilGone({[&] {
                   std::vector<pid_t> pids = AllPids();
                   if (!pids.empty() && !m.reaped) ::kill(-m.pid, SIGKILL);  // the group
                   return pids;
                 },
                 [&](const std::vector<pid_t>& killed) {
                   // Reap the adopted orphans just killed (the grader's children now).
                   for (pid_t p : killed)
                     if (p != m.pid) ::waitpid(p, nullptr, WNOHANG);
                   if (!m.reaped) m.Reap(true);
                 }});
  if (!m.reaped) m.Reap(true);
  ReapInit();
  ForgetGroup(m.pid);
  if (was_running && m.exit.signal == SIGKILL) m.exit.killed_by_grader = true;
  DrainOutput();
}

}  // namespace netgrade::sandbox
