#include "harness/observe/owner_sight.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <map>

#include "harness/base/fork_lock.h"
#include "harness/base/proc.h"
#include "harness/sandbox/grader_children.h"

namespace netgrade::observe {
namespace {

enum Kind : int32_t { kSyscall = 1, kReceiveTimeout = 2, kMemory = 3, kReady = 4 };

struct Request {
  int32_t kind;
  int32_t pid;
  int32_t arg;       // the thread (kSyscall), the descriptor (kReceiveTimeout, kReady), the size
                     // (kMemory)
  uint64_t address;  // kMemory: where
};

// How long to wait for an answer before looking whether the helper was stopped (the program
// may stop it: then the question has no answer, and the helper is given up), and how long at
// most, for a helper that is only slow (a loaded machine).
constexpr int kStoppedLookMs = 50;
constexpr int kAnswerBoundMs = 2000;

std::mutex registry_mutex;
std::map<uid_t, OwnerSight*>& Registry() {
  static std::map<uid_t, OwnerSight*> helpers;
  return helpers;
}

// --- The helper, after fork() in a grader with threads: system calls only, no allocation.

// Appends the decimal digits of n at *out.
void PutNumber(char*& out, uint32_t n) {
  char rev[12];
  int len = 0;
  do {
    rev[len++] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n > 0);
  while (len > 0) *out++ = rev[--len];
}

void PutText(char*& out, const char* text) {
  while (*text) *out++ = *text++;
}

// "/proc/<pid>/<middle><n><end>" into `path` (64 bytes: the longest is under 50).
void ProcPath(char* path, pid_t pid, const char* middle, int n, const char* end) {
  char* p = path;
  PutText(p, "/proc/");
  PutNumber(p, static_cast<uint32_t>(pid));
  PutText(p, middle);
  PutNumber(p, static_cast<uint32_t>(n));
  PutText(p, end);
  *p = '\0';
}

}  // namespace

struct OwnerSight::Reply {
  int32_t known;  // 0: no answer
  int32_t value;  // kReceiveTimeout: 1 when the socket has one; kReady: 1 when it is ready
  int32_t length;
  char text[244];  // kSyscall: the file's text
};

namespace {

// A few bytes of the program's memory: the timespec of its sleep, the array of its poll()
// (what the kernel shows a process of the same user, as to a debugger).
void AnswerMemory(const Request& r, OwnerSight::Reply& a) {
  if (r.arg <= 0 || static_cast<size_t>(r.arg) > sizeof a.text || r.address == 0) return;
  iovec local{a.text, static_cast<size_t>(r.arg)};
  iovec remote{reinterpret_cast<void*>(r.address), static_cast<size_t>(r.arg)};
  if (::process_vm_readv(r.pid, &local, 1, &remote, 1, 0) != r.arg) return;
  a.known = 1;
  a.length = r.arg;
}

void AnswerSyscall(const Request& r, OwnerSight::Reply& a) {
  char path[64];
  ProcPath(path, r.pid, "/task/", r.arg, "/syscall");
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ssize_t n = ::read(fd, a.text, sizeof a.text);
  ::close(fd);
  if (n <= 0) return;
  a.known = 1;
  a.length = static_cast<int32_t>(n);
}

void AnswerReceiveTimeout(const Request& r, OwnerSight::Reply& a) {
  char path[64];
  ProcPath(path, r.pid, "/fd/", r.arg, "");
  char link[16] = {};
  ssize_t n = ::readlink(path, link, sizeof link - 1);
  if (n <= 0) return;
  if (std::strncmp(link, "socket:", 7) != 0) {
    a.known = 1;  // a pipe, a terminal, a file: a read there has no timeout of its own
    return;
  }
#if defined(SYS_pidfd_open) && defined(SYS_pidfd_getfd)
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, r.pid, 0));
  if (pidfd < 0) return;
  int dup = static_cast<int>(::syscall(SYS_pidfd_getfd, pidfd, r.arg, 0));
  ::close(pidfd);
  if (dup < 0) return;
  timeval tv{};
  socklen_t len = sizeof tv;
  if (::getsockopt(dup, SOL_SOCKET, SO_RCVTIMEO, &tv, &len) == 0) {
    a.known = 1;
    a.value = tv.tv_sec != 0 || tv.tv_usec != 0;
  }
  ::close(dup);
#endif
}

// Whether a read on descriptor `arg` would return now: data, a connection to accept, its end
// or an error (poll's POLLIN or any revents on a copy of it).
void AnswerReady(const Request& r, OwnerSight::Reply& a) {
#if defined(SYS_pidfd_open) && defined(SYS_pidfd_getfd)
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, r.pid, 0));
  if (pidfd < 0) return;
  int dup = static_cast<int>(::syscall(SYS_pidfd_getfd, pidfd, r.arg, 0));
  ::close(pidfd);
  if (dup < 0) return;
  pollfd p{dup, POLLIN, 0};
  if (::poll(&p, 1, 0) >= 0) {
    a.known = 1;
    a.value = p.revents != 0;
  }
  ::close(dup);
#else
  (void)r;
  (void)a;
#endif
}

[[noreturn]] void Serve(int sock, uid_t uid, gid_t gid, pid_t parent) {
  // The program's user: its uid and gid, real, effective and saved, and no groups. Raw calls,
  // as glibc's wrappers would try to change every thread of a grader that is not there.
  if (::syscall(SYS_setgroups, 0, nullptr) != 0 || ::syscall(SYS_setresgid, gid, gid, gid) != 0 ||
      ::syscall(SYS_setresuid, uid, uid, uid) != 0)
    ::_exit(1);
  // Set again after the change of user, which clears it; and not dumpable (the change of user
  // made it so already: said for whoever reads this).
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(0);
  ::prctl(PR_SET_DUMPABLE, 0);
  for (int sig = 1; sig < NSIG; ++sig) ::signal(sig, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (;;) {
    Request r{};
    ssize_t n = ::recv(sock, &r, sizeof r, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n != static_cast<ssize_t>(sizeof r)) ::_exit(0);  // the grader is done with it
    OwnerSight::Reply a{};
    if (r.pid > 0 && r.arg >= 0) {
      if (r.kind == kSyscall) AnswerSyscall(r, a);
      if (r.kind == kReceiveTimeout) AnswerReceiveTimeout(r, a);
      if (r.kind == kMemory) AnswerMemory(r, a);
      if (r.kind == kReady) AnswerReady(r, a);
    }
    if (::send(sock, &a, sizeof a, MSG_NOSIGNAL) != static_cast<ssize_t>(sizeof a)) ::_exit(0);
  }
}

}  // namespace

std::unique_ptr<OwnerSight> OwnerSight::Start(uid_t uid, gid_t gid) {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) return nullptr;
  Fd ours(pair[0]), theirs(pair[1]);
  pid_t parent = ::getpid();
  pid_t pid;
  {
    // Registered as it is forked: it runs as the case's user, and a program's orphans are
    // the grader's children of that user (sandbox::AdoptedOrphans). Taken for one, it
    // waited forever in the program's place, and no program was ever seen at rest where
    // there are no cgroups to list a program's processes.
    auto registering = sandbox::LockPrograms();
    auto forking = ForkGuard();  // never while a case writes its program (fork_lock.h)
    pid = ::fork();
    if (pid > 0) sandbox::AddHelper(pid);
  }
  if (pid < 0) return nullptr;
  if (pid == 0) {
    int sock = theirs.get();
    // None of the grader's descriptors but its end of the pair.
    ::syscall(SYS_close_range, 0u, static_cast<unsigned>(sock) - 1, 0u);
    ::syscall(SYS_close_range, static_cast<unsigned>(sock) + 1, ~0u, 0u);
    Serve(sock, uid, gid, parent);
  }
  theirs.Reset();
  std::unique_ptr<OwnerSight> sight(new OwnerSight(uid, pid, std::move(ours)));
  std::lock_guard<std::mutex> lock(registry_mutex);
  Registry()[uid] = sight.get();
  return sight;
}

OwnerSight* OwnerSight::For(uid_t uid) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  auto it = Registry().find(uid);
  return it == Registry().end() ? nullptr : it->second;
}

OwnerSight::~OwnerSight() {
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    auto it = Registry().find(uid_);
    if (it != Registry().end() && it->second == this) Registry().erase(it);
  }
  socket_.Reset();
  // SIGKILL, not only the end of its socket: the program may have stopped it.
  ::kill(pid_, SIGKILL);
  while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
  }
  sandbox::HelperReaped(pid_);
}

std::optional<OwnerSight::Reply> OwnerSight::Ask(int kind, pid_t pid, int arg, uint64_t address) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!socket_) return std::nullopt;
  Request r{kind, pid, arg, address};
  Reply a{};
  pollfd p{socket_.get(), POLLIN, 0};
  int ready = -1;
  if (::send(socket_.get(), &r, sizeof r, MSG_NOSIGNAL) == static_cast<ssize_t>(sizeof r)) {
    for (int waited = 0; waited < kAnswerBoundMs; waited += kStoppedLookMs) {
      while ((ready = ::poll(&p, 1, kStoppedLookMs)) < 0 && errno == EINTR) {
      }
      if (ready != 0) break;
      std::optional<ProcStat> stat = ReadProcStat("/proc/" + std::to_string(pid_) + "/stat");
      if (!stat || stat->state == 'T' || stat->state == 't' || stat->state == 'Z') break;
    }
  }
  if (ready != 1 ||
      ::recv(socket_.get(), &a, sizeof a, MSG_DONTWAIT) != static_cast<ssize_t>(sizeof a)) {
    socket_.Reset();  // gone, stopped, or out of step: no more questions
    return std::nullopt;
  }
  return a;
}

std::optional<std::string> OwnerSight::SyscallText(pid_t pid, pid_t tid) {
  std::optional<Reply> a = Ask(kSyscall, pid, tid);
  if (!a || !a->known) return std::nullopt;
  return std::string(a->text, static_cast<size_t>(a->length));
}

std::optional<bool> OwnerSight::HasReceiveTimeout(pid_t pid, int fd) {
  std::optional<Reply> a = Ask(kReceiveTimeout, pid, fd);
  if (!a || !a->known) return std::nullopt;
  return a->value != 0;
}

std::optional<bool> OwnerSight::Ready(pid_t pid, int fd) {
  std::optional<Reply> a = Ask(kReady, pid, fd);
  if (!a || !a->known) return std::nullopt;
  return a->value != 0;
}

std::optional<std::string> OwnerSight::Memory(pid_t pid, uint64_t address, size_t size) {
  if (size == 0 || size > sizeof(Reply::text)) return std::nullopt;
  std::optional<Reply> a = Ask(kMemory, pid, static_cast<int>(size), address);
  if (!a || !a->known) return std::nullopt;
  return std::string(a->text, static_cast<size_t>(a->length));
}

}  // namespace netgrade::observe
