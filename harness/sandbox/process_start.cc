// Process::Start: a program forked and executed in its sandbox, its standard streams and its
// end watched by the event loop (process_impl.h), or the sandbox's failure thrown.
#include <fcntl.h>
#include <fmt/core.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cstring>

#include "harness/base/error.h"
#include "harness/base/proc.h"
#include "harness/base/which.h"
#include "harness/sandbox/connect_guard.h"
#include "harness/sandbox/grader_children.h"
#include "harness/sandbox/landlock.h"
#include "harness/sandbox/process.h"
#include "harness/sandbox/process_impl.h"
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

}  // namespace

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

// How many times a case's process cap the user may gain while its program runs, where the
// kernel holds only the user's total (SpawnOptions::user_tasks_backstop): room for the other
// cases of a batch, far below a machine's PID space (32768 by default).
constexpr int kBackstopMargin = 4;

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
  if (options.uid < 0 && ::geteuid() != 0 && child.uid_map.empty())
    child.user_tasks_backstop =
        TasksOfUser(::getuid()) + kBackstopMargin * options.limits.processes;
  // Without a jail the machine's Unix sockets are in reach (syscall_filter.h).
  child.syscall_filter = options.student_filter
                             ? &StudentSyscallFilter(UnixSocketsWithout(child.jail),
                                                     options.net_raw, !options.answer_hosts.empty())
                             : nullptr;
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
  if (options.pid_after > 1) impl->program_in_namespace = options.pid_after + 1;

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
    GuardConnects(std::move(listener), {options.cwd, options.own_tmp},
                  child_options.jail == nullptr ? options.answer_hosts : "");
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

}  // namespace netgrade::sandbox
