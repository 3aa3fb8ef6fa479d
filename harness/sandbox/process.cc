#include "harness/sandbox/process.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "harness/base/error.h"
#include "harness/base/file.h"
#include "harness/base/fork_lock.h"
#include "harness/base/proc.h"
#include "harness/base/which.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/connect_guard.h"
#include "harness/sandbox/grader_children.h"
#include "harness/sandbox/kill.h"
#include "harness/sandbox/landlock.h"
#include "harness/sandbox/spawn.h"
#include "harness/sandbox/syscall_filter.h"

namespace netgrade::sandbox {
namespace {

struct Pipe {
  Fd read, write;
};

Pipe MakePipe() {
  int fds[2];
  CheckSys(::pipe2(fds, O_CLOEXEC), "pipe2");
  return {Fd(fds[0]), Fd(fds[1])};
}

// A pseudo-terminal in raw mode: stdio line-buffers on it, and no "\n" becomes "\r\n".
Pipe MakePty() {
  Fd master(CheckSys(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), "posix_openpt"));
  CheckSys(::grantpt(master.get()), "grantpt");
  CheckSys(::unlockpt(master.get()), "unlockpt");
  char name[128];
  if (::ptsname_r(master.get(), name, sizeof name) != 0) throw SystemError("ptsname_r", errno);
  Fd slave(CheckSys(::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC), "open pty slave"));
  termios t{};
  CheckSys(::tcgetattr(slave.get(), &t), "tcgetattr");
  ::cfmakeraw(&t);
  CheckSys(::tcsetattr(slave.get(), TCSANOW, &t), "tcsetattr");
  return {std::move(master), std::move(slave)};
}

// waitid's P_PIDFD (Linux 5.4), which older C libraries do not name.
constexpr int kPidfdIdType = 3;

// Whether `pid`, a child not reaped yet, has not ended.
bool StillRuns(pid_t pid) {
  siginfo_t info{};
  return ::waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0;
}

}  // namespace

struct Process::Impl {
  EventLoop* loop = nullptr;
  pid_t pid = -1;
  bool contained = false;
  mutable pid_t init = 0;  // contained: the namespace's init, found once
  // Its pidfd, opened as it is found: once the first process has ended, init may be the
  // grader's child (a subreaper's orphan) to reap, and its pid may meanwhile be another's.
  mutable Fd init_pidfd;
  mutable pid_t program = 0;  // found once: the first child of the namespace's init
  int uid = -1;               // the case's own user, when the grader gave it one
  Fd stdin_w, stdout_r, stderr_r, pidfd;
  Fd report_r;  // contained: the helper's report of the program's end
  std::string stdin_data;
  size_t stdin_off = 0;
  bool stdin_open = false;  // kept open after stdin_data until CloseStdin()
  bool terminated = false;  // Terminate() was called: its end is the grader's doing
  std::string out, err;
  bool out_cut = false, err_cut = false, out_eof = false, err_eof = false;
  int64_t cap = 0;
  ExitInfo exit;
  bool reaped = false;
  bool kill_started = false;  // StartKill() was called
  bool ran_at_kill = false;   // and the program had not ended then
  const CaseCgroup* cgroup = nullptr;
  std::function<void()> on_stdout;
  std::function<void()> on_exit;

  void Watch(Fd& fd, short events, void (Impl::*handler)()) {
    if (fd) loop->Watch(fd.get(), events, [this, handler](short) { (this->*handler)(); });
  }
  void Close(Fd& fd) {
    if (!fd) return;
    loop->Unwatch(fd.get());
    CloseSeenAtOnce(fd);  // the program's end of input, at once (fork_lock.h)
  }

  void WriteStdin() {
    while (stdin_off < stdin_data.size()) {
      ssize_t n =
          ::write(stdin_w.get(), stdin_data.data() + stdin_off, stdin_data.size() - stdin_off);
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) return;
        break;  // EPIPE: the program closed its input or is gone
      }
      stdin_off += static_cast<size_t>(n);
    }
    if (stdin_off < stdin_data.size() || !stdin_open) {
      Close(stdin_w);  // end of input, or the program is no longer reading it
      return;
    }
    // All written and more may come: nothing to wait for until then.
    stdin_data.clear();
    stdin_off = 0;
    if (stdin_w) loop->SetEvents(stdin_w.get(), 0);
  }

  // Reads what is there, at most kReadBudget at a time; true at end of file. Beyond the cap,
  // reads and discards. The budget keeps a program that prints as fast as the grader reads
  // from holding the grader in this loop: the event loop goes round, and sees its deadline.
  bool ReadInto(Fd& fd, std::string& buf, bool& cut) {
    constexpr size_t kReadBudget = size_t{1} << 20;
    char chunk[65536];
    for (size_t read_now = 0; read_now < kReadBudget;) {
      ssize_t n = ::read(fd.get(), chunk, sizeof chunk);
      if (n > 0) {
        read_now += static_cast<size_t>(n);
        size_t room = static_cast<size_t>(cap) - std::min(static_cast<size_t>(cap), buf.size());
        buf.append(chunk, std::min(room, static_cast<size_t>(n)));
        if (static_cast<size_t>(n) > room) cut = true;
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) return false;
      return true;  // 0, or EIO from a pty whose every slave is closed
    }
    return false;
  }
  void ReadStdout() {
    size_t before = out.size();
    if (stdout_r && ReadInto(stdout_r, out, out_cut)) {
      out_eof = true;
      Close(stdout_r);
    }
    if (out.size() != before && on_stdout) on_stdout();
  }
  void ReadStderr() {
    if (stderr_r && ReadInto(stderr_r, err, err_cut)) {
      err_eof = true;
      Close(stderr_r);
    }
  }

  // Collects the exit status when the main process has ended (non-blocking).
  void Reap(bool block) {
    if (reaped) return;
    int status = 0;
    pid_t r = ::waitpid(pid, &status, block ? 0 : WNOHANG);
    if (r != pid) return;
    reaped = true;
    exit.exited = true;
    int report[2] = {0, 0};
    if (report_r && ::read(report_r.get(), report, sizeof report) == sizeof report)
      exit.left_behind = report[1] != 0;
    if (WIFEXITED(status)) exit.status = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) exit.signal = WTERMSIG(status);
    if (terminated) exit.killed_by_grader = true;
    Close(pidfd);
    ProgramReaped(pid);
  }
  void OnExit() {
    Reap(false);
    if (!reaped || !on_exit) return;
    ReadStdout();
    ReadStderr();
    std::function<void()> cb = std::move(on_exit);
    on_exit = nullptr;
    cb();
  }
};

Process::Process(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

const char* SpawnStepName(SpawnStep step) {
  switch (step) {
    case SpawnStep::kExec:
      return "exec";
    case SpawnStep::kCgroup:
      return "joining the case's cgroup";
    case SpawnStep::kStreams:
      return "setting up standard streams";
    case SpawnStep::kNamespaces:
      return "entering mount, UTS and IPC namespaces";
    case SpawnStep::kJail:
      return "building the program's root";
    case SpawnStep::kPidNamespace:
      return "starting the case's PID namespace";
    case SpawnStep::kUser:
      return "switching to the case's user";
    case SpawnStep::kWorkdir:
      return "entering the working directory";
    case SpawnStep::kSyscallFilter:
      return "installing the seccomp filter";
    case SpawnStep::kLandlock:
      return "confining its files with Landlock";
    case SpawnStep::kParent:
      return "the process that started it was gone before it could run";
  }
  return "starting the program";
}

namespace {

// What a program may do with Unix sockets: anything in a jail; else connect() through the
// guard where it works, or no Unix socket at all (syscall_filter.h).
UnixSockets UnixSocketsWithout(const JailPlan* jail) {
  if (jail != nullptr) return UnixSockets::kOwnRoot;
  return ConnectGuardAvailable() ? UnixSockets::kGuarded : UnixSockets::kRefused;
}

// What the child does beyond `options`: its seccomp filter; contained, its jail (planned
// into *jail) and, for a user without root, a user namespace mapping its own ids; else its
// Landlock ruleset (kept in *ruleset until the fork).
SpawnOptions ChildOptions(const SpawnOptions& options, const std::string& path, JailPlan* jail,
                          Fd* ruleset) {
  SpawnOptions child = options;
  if (options.contain && !options.hosts_file.empty()) {
    *jail = PlanJail(options.cwd, path, options.hosts_file, options.resolv_conf, options.read_only);
    child.jail = jail;
    if (options.uid < 0 && ::geteuid() != 0 && !options.net_raw) {
      child.uid_map = fmt::format("{0} {0} 1", ::geteuid());
      child.gid_map = fmt::format("{0} {0} 1", ::getegid());
    }
  }
  // Without a jail the machine's Unix sockets are in reach (syscall_filter.h).
  child.syscall_filter =
      options.student_filter ? &StudentSyscallFilter(UnixSocketsWithout(child.jail)) : nullptr;
  if (options.confine_files && child.jail == nullptr && LandlockAbi() > 0) {
    std::string why;
    *ruleset = MakeStudentRuleset(
        StudentPaths(options.cwd, options.own_tmp, options.argv, path, options.read_only), &why);
    if (!*ruleset) throw std::runtime_error("sandbox: " + why);
    child.landlock_ruleset = ruleset->get();
  }
  return child;
}

// What the close-on-exec pipe said: nothing when exec succeeded (it closed without a word);
// otherwise which step failed, its errno and which step of the jail's plan.
struct ExecOutcome {
  bool said = false;
  SpawnStep step = SpawnStep::kExec;
  int child_errno = 0;
  int jail_step = -1;
};

ExecOutcome ReadExecOutcome(int fd) {
  int message[3] = {0, 0, -1};
  ssize_t n;
  do n = ::read(fd, message, sizeof message);
  while (n < 0 && errno == EINTR);
  if (n != sizeof message) return {};
  return {true, static_cast<SpawnStep>(message[0]), message[1], message[2]};
}

}  // namespace

std::unique_ptr<Process> Process::Start(const SpawnOptions& options, EventLoop& loop) {
  SetUpGraderOnce();
  auto impl = std::make_unique<Impl>();
  impl->loop = &loop;
  impl->cap = options.limits.output_bytes;
  impl->cgroup = options.cgroup;
  impl->stdin_data = options.stdin_data;
  impl->stdin_open = options.stdin_open;
  impl->uid = options.uid;

  Pipe in = MakePipe(), err = MakePipe(), exec_error = MakePipe();
  Pipe out = options.stdout_tty ? MakePty() : MakePipe();
  std::string path = ResolveExecutable(options.argv.at(0));
  ExecArgs args(options.argv, options.env);
  std::vector<std::string> cgroup_files;
  if (options.cgroup) cgroup_files = options.cgroup->procs_files();
  JailPlan jail;
  Fd ruleset;
  SpawnOptions child_options = ChildOptions(options, path, &jail, &ruleset);
  impl->contained = child_options.jail != nullptr;

  Pipe report = MakePipe();
  ChildFds fds{in.read.get(), out.write.get(), err.write.get(), exec_error.write.get(),
               impl->contained ? report.write.get() : -1};
  // The filter's listener comes back on a pair of sockets (connect_guard.h).
  Fd notify_read, notify_write;
  if (child_options.syscall_filter && child_options.syscall_filter->notifies) {
    int pair[2];
    CheckSys(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair), "socketpair");
    notify_read.Reset(pair[0]);
    notify_write.Reset(pair[1]);
    fds.notify = notify_write.get();
  }
  {
    auto registering = LockPrograms();
    // The child skips RLIMIT_NPROC when it has a cgroup: only when that caps processes.
    if (options.cgroup && !options.cgroup->caps_processes()) child_options.cgroup = nullptr;
    impl->pid = ForkExec(child_options, path, args, fds, cgroup_files);
    AddProgram(impl->pid);
  }
  in.read.Reset();
  out.write.Reset();
  err.write.Reset();
  exec_error.write.Reset();
  report.write.Reset();
  notify_write.Reset();
  ruleset.Reset();
  if (impl->contained) impl->report_r = std::move(report.read);

  // exec succeeded when the close-on-exec pipe closes without a word; otherwise it says
  // which step failed, and its errno.
  auto [said, step, child_errno, jail_index] = ReadExecOutcome(exec_error.read.get());
  if (said && step != SpawnStep::kExec) {
    // The sandbox failed, not the program: the grader's problem, said with its cause.
    ::waitpid(impl->pid, nullptr, 0);
    {
      auto registering = LockPrograms();
      RemoveProgram(impl->pid);
    }
    std::string jail_step = step == SpawnStep::kJail ? DescribeJailStep(jail, jail_index) : "";
    throw SystemError(fmt::format("sandbox: {}{}{}", SpawnStepName(step),
                                  jail_step.empty() ? "" : ": ", jail_step),
                      child_errno);
  }
  if (notify_read) {
    // Sent before exec, so here now; a program started without it would wait forever on its
    // first connect(): the sandbox's failure then.
    Fd listener = ReceiveDescriptor(notify_read.get(), MSG_DONTWAIT);
    if (!listener) {
      ::kill(impl->pid, SIGKILL);
      ::waitpid(impl->pid, nullptr, 0);
      {
        auto registering = LockPrograms();
        RemoveProgram(impl->pid);
      }
      throw SystemError("sandbox: receiving the seccomp filter's listener", EPROTO);
    }
    GuardConnects(std::move(listener), {options.cwd, options.own_tmp});
  }
  if (said) {
    impl->exit.exec_errno = child_errno;
    impl->exit.exec_path = path;
    impl->err =
        "netgrade: cannot run '" + options.argv[0] + "': " + std::strerror(child_errno) + "\n";
  }

  impl->stdin_w = std::move(in.write);
  impl->stdout_r = std::move(out.read);
  impl->stderr_r = std::move(err.read);
  SetNonBlocking(impl->stdin_w.get());
  SetNonBlocking(impl->stdout_r.get());
  SetNonBlocking(impl->stderr_r.get());
  impl->pidfd = Fd(static_cast<int>(::syscall(SYS_pidfd_open, impl->pid, 0)));
  if (!impl->pidfd) throw SystemError("pidfd_open", errno);

  impl->Watch(impl->stdin_w, POLLOUT, &Impl::WriteStdin);
  impl->Watch(impl->stdout_r, POLLIN, &Impl::ReadStdout);
  impl->Watch(impl->stderr_r, POLLIN, &Impl::ReadStderr);
  impl->Watch(impl->pidfd, POLLIN, &Impl::OnExit);
  return std::unique_ptr<Process>(new Process(std::move(impl)));
}

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
  // pid -> init (its only child) -> the program (init's first child: orphans come later).
  auto first_child = [](pid_t p) {
    std::vector<pid_t> children = ChildrenOf(p);
    return children.empty() ? 0 : children.front();
  };
  if (m.init == 0 && !m.reaped && (m.init = first_child(m.pid)) != 0) {
    m.init_pidfd = Fd(static_cast<int>(::syscall(SYS_pidfd_open, m.init, 0)));
    // Still the first process's child once the pidfd is open: the pidfd is init's.
    if (first_child(m.pid) != m.init) m.init_pidfd.Reset();
  }
  if (m.program == 0 && m.init != 0) m.program = first_child(m.init);
  if (m.program != 0 && ::kill(m.program, 0) != 0 && errno == ESRCH) return 0;
  return m.program;
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
