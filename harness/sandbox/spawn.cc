#include "harness/sandbox/spawn.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/base/fork_lock.h"
#include "harness/sandbox/jail.h"
#include "harness/sandbox/landlock.h"
#include "harness/sandbox/syscall_filter.h"

namespace netgrade::sandbox {
namespace {

// Tells the grader, through the close-on-exec pipe, which step failed and its errno, and
// ends the child. A failed exec is the program's (it cannot be started); any other step is
// the sandbox's, which the grader reports as its own problem.
// `detail`: which step of the jail's plan failed (-1: none of them).
[[noreturn]] void Fail(int exec_error_fd, SpawnStep step = SpawnStep::kExec, int detail = -1) {
  int message[3] = {static_cast<int>(step), errno, detail};
  ssize_t ignored = ::write(exec_error_fd, message, sizeof message);
  (void)ignored;
  ::_exit(127);
}

// Standard streams of a helper process (not the program) onto /dev/null, so that the
// program's end of a pipe closes when the program's does.
void DetachStreams() {
  int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  for (int fd = 0; fd < 3; ++fd) ::dup2(null, fd);
  if (null > 2) ::close(null);
}

// The exit of the program (PID 2 of the namespace), repeated by the process the grader
// waits for: the same status, or death by the same signal.
[[noreturn]] void ExitAs(int status) {
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    ::signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
    ::kill(::getpid(), sig);
    ::_exit(128 + sig);
  }
  ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 127);
}

void Limit(int resource, rlim_t value, rlim_t hard_extra = 0) {
  rlimit r{value, value + hard_extra};
  ::setrlimit(resource, &r);
}

// No allocation: the child of a grader with threads.
bool WriteWhole(const char* file, const char* text, size_t size) {
  int fd = ::open(file, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::write(fd, text, size) == static_cast<ssize_t>(size);
  ::close(fd);
  return ok;
}

// Writes the decimal pid into a cgroup's procs file, with no allocation.
bool JoinCgroup(const char* file, pid_t pid) {
  char digits[24];
  int n = 0;
  char rev[24];
  do {
    rev[n++] = static_cast<char>('0' + pid % 10);
    pid /= 10;
  } while (pid > 0);
  for (int i = 0; i < n; ++i) digits[i] = rev[n - 1 - i];
  return WriteWhole(file, digits, static_cast<size_t>(n));
}

// A user namespace of the case's own, the same user mapped to itself (not root: a grader
// that is not root runs in a user namespace of its own already, which owns this one).
bool EnterOwnUserNamespace(const SpawnOptions& o) {
  return ::unshare(CLONE_NEWUSER) == 0 && WriteWhole("/proc/self/setgroups", "deny", 4) &&
         WriteWhole("/proc/self/uid_map", o.uid_map.data(), o.uid_map.size()) &&
         WriteWhole("/proc/self/gid_map", o.gid_map.data(), o.gid_map.size());
}

// CAP_NET_RAW alone, raised as an ambient capability so that the program keeps it across
// exec. Needs it permitted: root kept it through setuid (PR_SET_KEEPCAPS), or the grader's own
// user namespace gives every capability to its processes.
bool KeepNetRawOnly() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  data[0].effective = data[0].permitted = data[0].inheritable = 1u << CAP_NET_RAW;
  if (::syscall(SYS_capset, &header, data) != 0) return false;
  return ::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_RAW, 0, 0) == 0;
}

// The program itself: limits, its user, then exec. Runs in the child (or, contained, in
// PID 2 of the case's namespace).
[[noreturn]] void Program(const SpawnOptions& o, const std::string& path, ExecArgs& args,
                          int err_fd, pid_t parent, int ruleset = -1, int notify = -1) {
  // A hard limit one second above the soft one: at the soft limit the kernel sends SIGXCPU,
  // which names the cause; at the hard one it sends SIGKILL, which names nothing.
  Limit(RLIMIT_CPU, static_cast<rlim_t>(o.limits.cpu_seconds), 1);
  // RLIMIT_DATA, not RLIMIT_AS: it counts the private writable memory a process maps (its
  // heap, thread stacks, malloc's arenas), not address space it reserves without using. A
  // JVM reserves gigabytes it never touches (heap, code cache, class space) and Go and V8
  // reserve their heaps the same way: under a 1 GiB RLIMIT_AS a JVM cannot even start.
  Limit(RLIMIT_DATA, static_cast<rlim_t>(o.limits.memory_bytes));
  Limit(RLIMIT_FSIZE, static_cast<rlim_t>(o.limits.file_size_bytes));
  Limit(RLIMIT_NOFILE, static_cast<rlim_t>(o.limits.open_files));
  Limit(RLIMIT_CORE, 0);
  // No transparent huge pages (kept across execve and by its children): a runtime that
  // madvise()s its heap for them (Go, when it can read /sys) gets memory 2 MiB at a time,
  // counted whole against the memory cap, and its page faults then cost the kernel more and
  // vary: in a virtual machine reaching a 1 GiB cap took 0.7 s to 2.7 s with them, 1.1 s
  // steadily without. The same program then uses the same memory in the same time in every
  // mode.
  ::prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
  if (o.gid >= 0) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(o.gid) != 0) Fail(err_fd, SpawnStep::kUser);
  }
  if (o.uid >= 0) {
    // NPROC counts per user: it only binds once the program no longer runs as root. A
    // cgroup caps the case's processes more precisely (and says when it did).
    if (o.cgroup == nullptr) Limit(RLIMIT_NPROC, static_cast<rlim_t>(o.limits.processes));
    if (o.net_raw && ::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) Fail(err_fd, SpawnStep::kUser);
    if (::setuid(o.uid) != 0) Fail(err_fd, SpawnStep::kUser);
  } else if (!o.uid_map.empty() && o.cgroup == nullptr) {
    // In the case's own user namespace NPROC counts its tasks only: the two of ours (the
    // helper the grader waits for and the namespace's init) and the program's.
    Limit(RLIMIT_NPROC, static_cast<rlim_t>(o.limits.processes) + 2);
  } else if (o.user_tasks_backstop > 0 && o.cgroup == nullptr) {
    // Never above the limit the grader was given: setrlimit() could not raise it anyway.
    rlimit now{};
    ::getrlimit(RLIMIT_NPROC, &now);
    rlim_t cap = std::min<rlim_t>(static_cast<rlim_t>(o.user_tasks_backstop), now.rlim_max);
    rlimit r{cap, cap};
    ::setrlimit(RLIMIT_NPROC, &r);
  }
  if (o.net_raw && !KeepNetRawOnly()) Fail(err_fd, SpawnStep::kUser);
  // Changing the user or group clears the parent-death signal: set it again, and if the
  // parent died meanwhile (the program was re-parented), go now.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (parent != 0 && ::getppid() != parent) Fail(err_fd, SpawnStep::kParent);
  // No set-user-ID program can give it back any privilege.
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) Fail(err_fd, SpawnStep::kUser);
  if (ruleset >= 0) {
    if (!RestrictSelf(ruleset)) Fail(err_fd, SpawnStep::kLandlock);
    ::close(ruleset);
  }
  if (!o.cwd.empty() && ::chdir(o.cwd.c_str()) != 0) Fail(err_fd, SpawnStep::kWorkdir);
  if (o.syscall_filter) {
    int listener = InstallSyscallFilter(*o.syscall_filter);
    if (listener < 0) Fail(err_fd, SpawnStep::kSyscallFilter);
    // The listener goes to the grader and never stays with the program, which could answer
    // its own calls with it.
    if (listener > 0) {
      if (notify < 0 || !SendDescriptor(notify, listener)) Fail(err_fd, SpawnStep::kSyscallFilter);
      ::close(listener);
    }
  }
  if (notify >= 0) ::close(notify);
  ::execve(path.c_str(), args.argv(), args.envp());
  Fail(err_fd);
}

// The namespace's next PID is after + 1: a program that is always PID 2 is known to be graded
// (the sandbox issue: a program that answers from a table only when graded). Best effort,
// async-signal-safe: ns_last_pid takes CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE over the
// namespace, which init has (root, or the creator of the case's user namespace).
void SetLastPid(int after) {
  char text[16];
  int n = sizeof text;
  for (int v = after; v > 0 && n > 0; v /= 10) text[--n] = static_cast<char>('0' + v % 10);
  int fd = ::open("/proc/sys/kernel/ns_last_pid", O_WRONLY | O_CLOEXEC);
  if (fd < 0) return;
  ssize_t ignored = ::write(fd, text + n, sizeof text - n);
  (void)ignored;
  ::close(fd);
}

// PID 1 of the case's PID namespace: mounts its /proc, starts the program (PID pid_after + 1,
// else 2), reaps every orphan, and once the program has ended kills what it left (which also
// ends the namespace) and reports the program's status on `status_fd`.
[[noreturn]] void Init(const SpawnOptions& o, const std::string& path, ExecArgs& args, int err_fd,
                       int status_fd) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (!MountProc(*o.jail)) Fail(err_fd, SpawnStep::kPidNamespace);
  if (!PivotIntoJail(*o.jail))
    Fail(err_fd, SpawnStep::kJail, static_cast<int>(o.jail->steps.size()));
  if (o.pid_after > 1) SetLastPid(o.pid_after);
  pid_t program = ::fork();
  if (program < 0) Fail(err_fd, SpawnStep::kPidNamespace);
  if (program == 0) {
    ::close(status_fd);
    Program(o, path, args, err_fd, 1);
  }
  ::close(err_fd);
  DetachStreams();
  int report[2] = {0, 0}, st = 0;  // the program's wait status, whether it left processes
  for (;;) {
    pid_t p = ::wait(&st);
    if (p == program) {
      report[0] = st;
      // Everything else in the namespace: the case is over for them.
      report[1] = ::kill(-1, SIGKILL) == 0;
    } else if (p < 0 && errno != EINTR) {
      break;
    }
  }
  ssize_t ignored = ::write(status_fd, report, sizeof report);
  (void)ignored;
  ::_exit(0);
}

[[noreturn]] void Child(const SpawnOptions& o, const std::string& path, ExecArgs& args,
                        const ChildFds& fds, const std::vector<std::string>& cgroup_files,
                        pid_t parent) {
  // A session of its own: no controlling terminal, so neither /dev/tty nor TIOCSTI reaches
  // the operator's terminal, and the pty on stdout never becomes its controlling terminal
  // (it is opened O_NOCTTY). Its own process group too, so the whole group can be signalled.
  ::setsid();
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // the grader dies: so does the program (set again below)
  if (::getppid() != parent) Fail(fds.exec_error, SpawnStep::kParent);

  // First of all, only the descriptors the program needs: until then it holds every one of
  // the grader's, other cases' too, and the parent waits for this (fork_lock.h).
  // The two pipes placed at 3 and 4 below go above every number placed first: the grader's
  // numbers for them may be the very numbers they go to, or each other's (the report pipe at
  // 4 when the grader had just closed a 4: dup3 onto itself fails with EINVAL).
  int err_fd = ::fcntl(fds.exec_error, F_DUPFD_CLOEXEC, 128);
  if (err_fd < 0) Fail(fds.exec_error, SpawnStep::kStreams);
  int report_high = -1;
  if (fds.report >= 0 && (report_high = ::fcntl(fds.report, F_DUPFD_CLOEXEC, 128)) < 0)
    Fail(err_fd, SpawnStep::kStreams);
  if (::dup2(fds.stdin_read, 0) < 0 || ::dup2(fds.stdout_write, 1) < 0 ||
      ::dup2(fds.stderr_write, 2) < 0)
    Fail(err_fd, SpawnStep::kStreams);
  // The Landlock ruleset out of the way of the descriptors placed at 3 and 4 below.
  int ruleset = -1;
  if (o.landlock_ruleset >= 0 && (ruleset = ::fcntl(o.landlock_ruleset, F_DUPFD_CLOEXEC, 64)) < 0)
    Fail(err_fd, SpawnStep::kLandlock);
  // The listener's channel likewise, above the ruleset's copy.
  int notify = -1;
  if (fds.notify >= 0 && (notify = ::fcntl(fds.notify, F_DUPFD_CLOEXEC, 96)) < 0)
    Fail(err_fd, SpawnStep::kSyscallFilter);
  // Keep the exec-error pipe at descriptor 3 (close-on-exec), the report pipe at 4 and the
  // ruleset after them, and close everything else.
  if (::dup3(err_fd, 3, O_CLOEXEC) < 0) Fail(err_fd, SpawnStep::kStreams);
  err_fd = 3;
  int report_fd = -1;
  if (report_high >= 0) {
    if (::dup3(report_high, 4, O_CLOEXEC) < 0) Fail(err_fd, SpawnStep::kStreams);
    report_fd = 4;
  }
  int next_fd = report_fd < 0 ? 4 : 5;
  if (ruleset >= 0) {
    if (::dup3(ruleset, next_fd, O_CLOEXEC) < 0) Fail(err_fd, SpawnStep::kStreams);
    ruleset = next_fd++;
  }
  if (notify >= 0) {
    if (::dup3(notify, next_fd, O_CLOEXEC) < 0) Fail(err_fd, SpawnStep::kStreams);
    notify = next_fd++;
  }
  ::syscall(SYS_close_range, static_cast<unsigned>(next_fd), ~0u, 0u);  // `shed` among them

  for (int sig = 1; sig < NSIG; ++sig) ::signal(sig, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (const std::string& file : cgroup_files)
    if (!JoinCgroup(file.c_str(), ::getpid())) Fail(err_fd, SpawnStep::kCgroup);

  if (!o.uid_map.empty() && !EnterOwnUserNamespace(o)) Fail(err_fd, SpawnStep::kUser);
  if (!o.hosts_file.empty()) {
    static const char kHostName[] = "netgrade-student";
    const char* name = o.host_name.empty() ? kHostName : o.host_name.c_str();
    if (::unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::sethostname(name, std::strlen(name)) != 0)
      Fail(err_fd, SpawnStep::kNamespaces);
    if (o.jail == nullptr) {
      if (::mount(o.hosts_file.c_str(), "/etc/hosts", nullptr, MS_BIND, nullptr) != 0)
        Fail(err_fd, SpawnStep::kNamespaces);
    } else {
      int failed_step = -1;
      if (!BuildJail(*o.jail, &failed_step)) Fail(err_fd, SpawnStep::kJail, failed_step);
      // PID 1 of a new PID namespace is an init of ours; the program is PID 2 (as PID 1 it
      // would ignore every signal it has no handler for, SIGPIPE and SIGTERM included).
      int status[2];
      if (::unshare(CLONE_NEWPID) != 0 || ::pipe2(status, O_CLOEXEC) != 0)
        Fail(err_fd, SpawnStep::kPidNamespace);
      pid_t init = ::fork();
      if (init < 0) Fail(err_fd, SpawnStep::kPidNamespace);
      if (init == 0) {
        ::close(status[0]);
        Init(o, path, args, err_fd, status[1]);
      }
      ::close(status[1]);
      ::close(err_fd);
      DetachStreams();
      int report[2] = {0, 0};
      ssize_t n;
      do n = ::read(status[0], report, sizeof report);
      while (n < 0 && errno == EINTR);
      int init_status = 0;
      while (::waitpid(init, &init_status, 0) < 0 && errno == EINTR) {
      }
      if (n != sizeof report) report[0] = init_status, report[1] = 0;
      if (report_fd >= 0) {
        ssize_t ignored = ::write(report_fd, report, sizeof report);
        (void)ignored;
      }
      ExitAs(report[0]);
    }
  }
  Program(o, path, args, err_fd, parent, ruleset, notify);
}

}  // namespace

ExecArgs::ExecArgs(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  storage_.reserve(argv.size() + env.size());
  for (const std::string& a : argv) storage_.push_back(a);
  for (const std::string& e : env) storage_.push_back(e);
  for (size_t i = 0; i < argv.size(); ++i) argv_.push_back(storage_[i].data());
  argv_.push_back(nullptr);
  for (size_t i = argv.size(); i < storage_.size(); ++i) envp_.push_back(storage_[i].data());
  envp_.push_back(nullptr);
}

pid_t ForkExec(const SpawnOptions& options, const std::string& path, ExecArgs& args,
               const ChildFds& fds, const std::vector<std::string>& cgroup_files) {
  pid_t parent = ::getpid();
  // Its end of file tells that the child has closed the grader's descriptors (or died).
  int shed[2];
  if (::pipe2(shed, O_CLOEXEC) != 0) throw SystemError("pipe2", errno);
  // Above the numbers the child moves its own descriptors to, so that only close_range ends it.
  Fd shed_read(shed[0]), shed_write(::fcntl(shed[1], F_DUPFD_CLOEXEC, 16));
  ::close(shed[1]);
  if (!shed_write) throw SystemError("fcntl", errno);
  pid_t pid;
  {
    // Never while another case writes its program or closes an end that must be seen at
    // once, until the child holds none of the grader's descriptors (fork_lock.h).
    auto forking = ForkGuard();
    pid = ::fork();
    if (pid == 0) Child(options, path, args, fds, cgroup_files, parent);
    int fork_error = errno;
    shed_write.Reset();
    char byte;
    if (pid > 0)
      while (::read(shed_read.get(), &byte, 1) < 0 && errno == EINTR) {
      }
    errno = fork_error;
  }
  if (pid < 0) throw SystemError("fork", errno);
  return pid;
}

std::vector<std::string> StudentEnvironment(const std::string& workdir) {
  return {"PATH=/usr/local/bin:/usr/bin:/bin",
          "HOME=" + workdir,
          "LANG=C.UTF-8",
          "LC_ALL=C.UTF-8",
          "PYTHONDONTWRITEBYTECODE=1",
          "PYTHONIOENCODING=utf-8",
          "TERM=dumb"};
}

}  // namespace netgrade::sandbox
