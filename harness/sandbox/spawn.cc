#include "harness/sandbox/spawn.h"

#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "harness/base/error.h"

namespace netgrade::sandbox {
namespace {

[[noreturn]] void Fail(int exec_error_fd) {
  int e = errno;
  ssize_t ignored = ::write(exec_error_fd, &e, sizeof e);
  (void)ignored;
  ::_exit(127);
}

void Limit(int resource, rlim_t value, rlim_t hard_extra = 0) {
  rlimit r{value, value + hard_extra};
  ::setrlimit(resource, &r);
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
  int fd = ::open(file, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::write(fd, digits, n) == n;
  ::close(fd);
  return ok;
}

// A /tmp of the program's own: a tmpfs over /tmp in which only its working directory (when
// under /tmp) appears again, at the same path, bound from the real one. Async-signal-safe
// calls only (the child of a threaded grader).
bool PrivateTmp(const char* cwd) {
  if (::chdir(cwd) != 0) return false;  // holds the real directory once /tmp is covered
  if (::mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=1777") != 0)
    return false;
  static const char kTmp[] = "/tmp/";
  size_t len = ::strlen(cwd);
  if (::strncmp(cwd, kTmp, sizeof kTmp - 1) != 0 || len >= PATH_MAX) return true;
  char path[PATH_MAX];
  ::memcpy(path, cwd, len + 1);
  for (size_t i = sizeof kTmp; i <= len; ++i) {
    if (path[i] != '/' && path[i] != '\0') continue;
    char keep = path[i];
    path[i] = '\0';
    if (::mkdir(path, 0711) != 0 && errno != EEXIST) return false;
    path[i] = keep;
  }
  return ::mount(".", cwd, nullptr, MS_BIND, nullptr) == 0 && ::chdir(cwd) == 0;
}

[[noreturn]] void Child(const SpawnOptions& o, const std::string& path, ExecArgs& args,
                        const ChildFds& fds, const std::vector<std::string>& cgroup_files,
                        pid_t parent) {
  // Its own process group, so the whole group can be signalled; no new session, so the pty
  // on stdout never becomes its controlling terminal.
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // the grader dies: so does the program (set again below)
  if (::getppid() != parent) ::_exit(127);
  for (int sig = 1; sig < NSIG; ++sig) ::signal(sig, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);

  for (const std::string& file : cgroup_files)
    if (!JoinCgroup(file.c_str(), ::getpid())) Fail(fds.exec_error);

  if (::dup2(fds.stdin_read, 0) < 0 || ::dup2(fds.stdout_write, 1) < 0 ||
      ::dup2(fds.stderr_write, 2) < 0)
    Fail(fds.exec_error);
  // Keep the exec-error pipe at descriptor 3 (close-on-exec) and close everything else.
  int err_fd = fds.exec_error;
  if (err_fd != 3) {
    if (::dup3(err_fd, 3, O_CLOEXEC) < 0) ::_exit(127);
    err_fd = 3;
  }
  ::syscall(SYS_close_range, 4u, ~0u, 0u);

  if (!o.hosts_file.empty()) {
    static const char kHostName[] = "netgrade-student";
    if (::unshare(CLONE_NEWNS | CLONE_NEWUTS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount(o.hosts_file.c_str(), "/etc/hosts", nullptr, MS_BIND, nullptr) != 0 ||
        ::sethostname(kHostName, sizeof kHostName - 1) != 0)
      Fail(err_fd);
    if (o.private_tmp && !o.cwd.empty() && !PrivateTmp(o.cwd.c_str())) Fail(err_fd);
  }
  // A hard limit one second above the soft one: at the soft limit the kernel sends SIGXCPU,
  // which names the cause; at the hard one it sends SIGKILL, which names nothing.
  Limit(RLIMIT_CPU, static_cast<rlim_t>(o.limits.cpu_seconds), 1);
  Limit(RLIMIT_AS, static_cast<rlim_t>(o.limits.memory_bytes));
  Limit(RLIMIT_FSIZE, static_cast<rlim_t>(o.limits.file_size_bytes));
  Limit(RLIMIT_NOFILE, static_cast<rlim_t>(o.limits.open_files));
  Limit(RLIMIT_CORE, 0);
  if (o.gid >= 0) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(o.gid) != 0) Fail(err_fd);
  }
  if (o.uid >= 0) {
    // NPROC counts per user: it only binds once the program no longer runs as root. A
    // cgroup caps the case's processes more precisely (and says when it did).
    if (o.cgroup == nullptr) Limit(RLIMIT_NPROC, static_cast<rlim_t>(o.limits.processes));
    if (::setuid(o.uid) != 0) Fail(err_fd);
  }
  // Changing the user or group clears the parent-death signal: set it again, and if the
  // grader died meanwhile (the program was re-parented), go now.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);
  bool in_cwd = o.private_tmp && !o.hosts_file.empty();
  if (!o.cwd.empty() && !in_cwd && ::chdir(o.cwd.c_str()) != 0) Fail(err_fd);
  ::execve(path.c_str(), args.argv(), args.envp());
  Fail(err_fd);
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
  pid_t pid = ::fork();
  if (pid < 0) throw SystemError("fork", errno);
  if (pid == 0) Child(options, path, args, fds, cgroup_files, parent);
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
