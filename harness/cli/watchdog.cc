#include "harness/cli/watchdog.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "harness/cli/command.h"

namespace netgrade::cli {
namespace {

std::atomic<pid_t> g_grader{0};

const int kForwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

void Forward(int sig) {
  pid_t p = g_grader.load();
  if (p > 0) ::kill(p, sig);
}

bool ReadWhole(int fd, void* data, size_t size) {
  auto* p = static_cast<char*>(data);
  while (size > 0) {
    ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

void WriteWhole(int fd, const void* data, size_t size) {
  ssize_t ignored = ::write(fd, data, size);
  (void)ignored;
}

// The processes whose parent is this one, from /proc (every kernel has it; the `children`
// file needs CONFIG_PROC_CHILDREN).
std::vector<pid_t> Children() {
  std::vector<pid_t> out;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return out;
  const pid_t self = ::getpid();
  while (dirent* e = ::readdir(proc)) {
    if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
    char path[300];
    std::snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
    FILE* f = std::fopen(path, "re");
    if (f == nullptr) continue;
    char buf[512];
    size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    buf[n] = '\0';
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses; the last ')' ends it.
    const char* close = std::strrchr(buf, ')');
    int ppid = 0;
    char state = 0;
    if (close != nullptr && std::sscanf(close + 1, " %c %d", &state, &ppid) == 2 && ppid == self)
      out.push_back(static_cast<pid_t>(std::atoi(e->d_name)));
  }
  ::closedir(proc);
  return out;
}

// Kills every child, and every orphan re-parented here meanwhile, until none is left. SIGCHLD
// is blocked: a death wakes the wait at once; the bound only catches an orphan that arrived
// after the last look.
void KillEverythingLeft() {
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  for (;;) {
    // Reaped first: most runs leave nothing, and then /proc is never read.
    pid_t r;
    int st;
    while ((r = ::waitpid(-1, &st, WNOHANG)) > 0) {
    }
    if (r < 0 && errno == ECHILD) return;
    for (pid_t p : Children()) ::kill(p, SIGKILL);
    timespec bound{0, 10'000'000};
    ::sigtimedwait(&chld, nullptr, &bound);
  }
}

// The grader: dies with the watchdog, so it never runs unwatched. It gets the signal mask
// the front had before it held the forwarded signals back.
[[noreturn]] void Grader(const std::function<int()>& grader, pid_t watchdog, const sigset_t& mask) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != watchdog) ::_exit(kExitInternal);
  ::sigprocmask(SIG_SETMASK, &mask, nullptr);
  std::exit(grader());
}

// Between the front and the grader: `alive` closes when the front dies, `report` carries the
// grader's pid and then its wait status.
[[noreturn]] void Watchdog(const std::function<int()>& grader, int alive, int report,
                           const sigset_t& mask) {
  ::setsid();
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  const pid_t self = ::getpid();
  pid_t child = ::fork();
  if (child < 0) ::_exit(kExitInternal);
  if (child == 0) {
    ::close(alive);
    ::close(report);
    Grader(grader, self, mask);
  }
  // Only SIGKILL ends the watchdog: it has no terminal, and nobody else knows its pid.
  for (int sig : kForwarded) ::signal(sig, SIG_IGN);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  ::sigprocmask(SIG_BLOCK, &chld, nullptr);
  int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  for (int fd = 0; fd < 3 && null >= 0; ++fd) ::dup2(null, fd);
  WriteWhole(report, &child, sizeof child);

  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, child, 0));
  pollfd fds[2] = {{pidfd, POLLIN, 0}, {alive, POLLIN, 0}};
  int status = 0;
  for (;;) {
    if (pidfd >= 0) {
      int n = ::poll(fds, 2, -1);
      if (n < 0 && errno == EINTR) continue;
      if (fds[1].revents != 0) ::kill(child, SIGKILL);  // the front is gone
    }
    if (::waitpid(child, &status, 0) == child) break;
    if (errno != EINTR) break;
  }
  KillEverythingLeft();
  WriteWhole(report, &status, sizeof status);
  ::_exit(0);
}

}  // namespace

int RunWatched(const std::function<int()>& grader) {
  int alive[2], report[2];
  if (::pipe2(alive, O_CLOEXEC) != 0 || ::pipe2(report, O_CLOEXEC) != 0) return grader();
  // Held back until the forwarder is in place: a SIGTERM that comes as soon as the grader is
  // up (it may print before the front has read its pid) waits, then is forwarded, instead of
  // killing the front and leaving the grader to the watchdog.
  sigset_t forwarded, mask;
  sigemptyset(&forwarded);
  for (int sig : kForwarded) sigaddset(&forwarded, sig);
  ::sigprocmask(SIG_BLOCK, &forwarded, &mask);
  pid_t watchdog = ::fork();
  if (watchdog < 0) {
    ::sigprocmask(SIG_SETMASK, &mask, nullptr);
    return grader();
  }
  if (watchdog == 0) {
    ::close(alive[1]);
    ::close(report[0]);
    Watchdog(grader, alive[0], report[1], mask);
  }
  ::close(alive[0]);
  ::close(report[1]);
  pid_t child = 0;
  int status = 0;
  bool told = ReadWhole(report[0], &child, sizeof child);
  if (told) {
    g_grader = child;
    struct sigaction forward{};
    forward.sa_handler = Forward;
    forward.sa_flags = SA_RESTART;
    sigemptyset(&forward.sa_mask);
    for (int sig : kForwarded) ::sigaction(sig, &forward, nullptr);
  }
  ::sigprocmask(SIG_SETMASK, &mask, nullptr);
  if (told) told = ReadWhole(report[0], &status, sizeof status);
  while (::waitpid(watchdog, nullptr, 0) < 0 && errno == EINTR) {
  }
  if (!told) {
    fmt::print(stderr, "netgrade: internal error: the process watching the grader was killed\n");
    return kExitInternal;
  }
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    ::signal(sig, SIG_DFL);
    ::kill(::getpid(), sig);
    return 128 + sig;
  }
  return WEXITSTATUS(status);
}

}  // namespace netgrade::cli
