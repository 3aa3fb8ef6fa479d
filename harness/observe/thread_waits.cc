#include "harness/observe/thread_waits.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <sstream>

#include "harness/base/fd.h"
#include "harness/base/file.h"
#include "harness/observe/blocking_calls.h"
#include "harness/observe/jvm_threads.h"

namespace netgrade::observe {
namespace {

namespace chr = std::chrono;

// `size` bytes of the program's memory at `address`, or nullopt (the grader may not read it:
// the same right as ptrace, which a default Docker container lacks).
std::optional<std::string> ReadMemory(pid_t pid, unsigned long address, size_t size) {
  if (address == 0 || size == 0) return std::nullopt;
  std::string out(size, '\0');
  iovec local{out.data(), size};
  iovec remote{reinterpret_cast<void*>(address), size};
  if (::process_vm_readv(pid, &local, 1, &remote, 1, 0) == static_cast<ssize_t>(size)) return out;
  // Where the grader may not (a default Docker container), the helper of its user may.
  OwnerSight* sight = SightOf("/proc/" + std::to_string(pid));
  return sight ? sight->Memory(pid, address, size) : std::nullopt;
}

// A struct timespec (or, `micro`, a struct timeval) of the program's, as a duration.
std::optional<chr::nanoseconds> ReadTime(pid_t pid, unsigned long address, bool micro = false) {
  std::optional<std::string> raw = ReadMemory(pid, address, sizeof(timespec));
  if (!raw) return std::nullopt;
  if (micro) {
    timeval tv{};
    std::memcpy(&tv, raw->data(), sizeof tv);
    return chr::seconds(tv.tv_sec) + chr::microseconds(tv.tv_usec);
  }
  timespec ts{};
  std::memcpy(&ts, raw->data(), sizeof ts);
  return chr::seconds(ts.tv_sec) + chr::nanoseconds(ts.tv_nsec);
}

// A moment on `clock` (CLOCK_MONOTONIC, CLOCK_REALTIME...) as one on the steady clock.
std::optional<chr::steady_clock::time_point> OnSteadyClock(clockid_t clock, chr::nanoseconds at) {
  timespec now{};
  if (::clock_gettime(clock, &now) != 0) return std::nullopt;
  chr::nanoseconds left = at - (chr::seconds(now.tv_sec) + chr::nanoseconds(now.tv_nsec));
  return chr::steady_clock::now() + left;
}

// The descriptors of a poll()'s array (at most 30 read, what the helper of the program's user
// can pass at once; more: unknown).
bool ReadPollFds(pid_t pid, unsigned long address, unsigned long n, std::vector<int>* fds) {
  if (n > 30) return false;
  std::optional<std::string> raw = ReadMemory(pid, address, n * sizeof(pollfd));
  if (!raw && n != 0) return false;
  for (unsigned long i = 0; i < n; ++i) {
    pollfd p{};
    std::memcpy(&p, raw->data() + i * sizeof p, sizeof p);
    if (p.fd >= 0) fds->push_back(p.fd);
  }
  return true;
}

// The descriptors of a select()'s read set (`nfds` bits at `address`; none when it is null).
// While the call waits, the set in the program's memory is still the one it passed: the kernel
// writes the ready ones back only as it returns. Out-of-band (except) and write sets are left
// out: a socket that becomes writable is what the grader reading the program's output makes.
bool ReadSelectFds(pid_t pid, unsigned long nfds, unsigned long address, std::vector<int>* fds) {
  if (address == 0 || nfds == 0) return true;
  constexpr size_t kWord = sizeof(unsigned long), kBits = 8 * kWord;
  size_t words = (nfds + kBits - 1) / kBits;
  if (words * kWord > 240) return false;  // what the helper of the program's user can pass
  std::optional<std::string> raw = ReadMemory(pid, address, words * kWord);
  if (!raw) return false;
  for (size_t fd = 0; fd < nfds; ++fd) {
    unsigned long word = 0;
    std::memcpy(&word, raw->data() + (fd / kBits) * kWord, kWord);
    if (word & (1UL << (fd % kBits))) fds->push_back(static_cast<int>(fd));
  }
  return true;
}

// The descriptors an epoll instance (`epfd` of `pid`) watches, from its fdinfo ("tfd: N" lines):
// all of them, whatever events each was added for (a descriptor added for writing only but
// with input counts as input waiting: not at rest, as when the set was not known at all).
bool ReadEpollFds(pid_t pid, int epfd, std::vector<int>* fds) {
  std::optional<std::string> info =
      ReadFile("/proc/" + std::to_string(pid) + "/fdinfo/" + std::to_string(epfd), 1 << 16);
  if (!info) return false;
  std::istringstream lines(*info);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("tfd:", 0) == 0) fds->push_back(std::atoi(line.c_str() + 4));
  return true;
}

// The receive timeout of socket `fd` of `pid` (zero: none; a pipe or terminal: none), or
// nullopt when the grader may not look.
std::optional<chr::nanoseconds> ReceiveTimeout(pid_t pid, int fd) {
#if defined(SYS_pidfd_open) && defined(SYS_pidfd_getfd)
  Fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (pidfd) {
    Fd dup(static_cast<int>(::syscall(SYS_pidfd_getfd, pidfd.get(), fd, 0)));
    if (dup) {
      timeval tv{};
      socklen_t len = sizeof tv;
      if (::getsockopt(dup.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, &len) == 0)
        return chr::seconds(tv.tv_sec) + chr::microseconds(tv.tv_usec);
      if (errno == ENOTSOCK) return chr::nanoseconds(0);
      return std::nullopt;
    }
  }
#endif
  // The helper of the program's user tells only whether there is one: a length unknown.
  std::optional<bool> has = HasReceiveTimeout(pid, fd);
  if (has && !*has) return chr::nanoseconds(0);
  return std::nullopt;
}

// A timer read from the program's memory (`t`: nullopt when it could not be): a moment on
// `clock` when `absolute` (TIMER_ABSTIME, FUTEX_WAIT_BITSET), else a length from the call's start.
void SetTimer(std::optional<chr::nanoseconds> t, bool absolute, clockid_t clock, ThreadWait* w) {
  if (!t) {
    w->timer_unknown = true;
  } else if (!absolute) {
    w->timer_length = *t;
  } else if (auto at = OnSteadyClock(clock, *t)) {
    w->timer_at = *at;
  } else {
    w->timer_unknown = true;
  }
}

// A sleep (nanosleep, clock_nanosleep): no descriptor wakes it, its timer does. False for any
// other call.
bool ReadSleep(pid_t pid, long number, const std::vector<unsigned long>& f, ThreadWait* w) {
  if (number == SYS_nanosleep) {
    w->call = "nanosleep";
    w->fds_known = true;
    SetTimer(ReadTime(pid, f[1]), false, CLOCK_MONOTONIC, w);
    return true;
  }
  if (number == SYS_clock_nanosleep) {
    w->call = "clock_nanosleep";
    w->fds_known = true;
    SetTimer(ReadTime(pid, f[3]), (f[2] & TIMER_ABSTIME) != 0, static_cast<clockid_t>(f[1]), w);
    return true;
  }
  return false;
}

// What wakes a thread in the waiting call `call` (of number `number`) whose syscall fields are
// `f` (seven of them): its descriptors and its timer.
void ReadWhatWakes(pid_t pid, long number, const WaitingSyscall& call,
                   const std::vector<unsigned long>& f, ThreadWait* w) {
  auto relative = [&](std::optional<chr::nanoseconds> length) {
    SetTimer(length, false, CLOCK_MONOTONIC, w);
  };
  switch (call.timeout) {
    case Timeout::kSocketOption: {  // read, readv, recvfrom, recvmsg, recvmmsg
      int fd = static_cast<int>(f[1]);
      w->fds = {fd};
      w->fds_known = true;
      std::optional<chr::nanoseconds> t = ReceiveTimeout(pid, fd);
      if (!t)
        w->timer_unknown = true;
      else if (t->count() > 0)
        w->timer_length = *t;
      break;
    }
    case Timeout::kPollArg3:  // poll(fds, n, timeout_ms)
      w->fds_known = ReadPollFds(pid, f[1], f[2], &w->fds);
      if (static_cast<int>(f[3]) >= 0) w->timer_length = chr::milliseconds(static_cast<int>(f[3]));
      break;
    case Timeout::kPointerArg3:  // ppoll(fds, n, timespec*)
      w->fds_known = ReadPollFds(pid, f[1], f[2], &w->fds);
      if (f[3] != 0) relative(ReadTime(pid, f[3]));
      break;
    case Timeout::kSelectArg5:  // select: timeval*, pselect6: timespec*
      w->fds_known = ReadSelectFds(pid, f[1], f[2], &w->fds);
      if (f[5] != 0) relative(ReadTime(pid, f[5], number != SYS_pselect6));
      break;
    case Timeout::kEpollArg4:  // epoll_wait, epoll_pwait: milliseconds
      w->fds_known = ReadEpollFds(pid, static_cast<int>(f[1]), &w->fds);
      if (static_cast<int>(f[4]) >= 0) w->timer_length = chr::milliseconds(static_cast<int>(f[4]));
      break;
    case Timeout::kPointerArg4:
      w->fds_known = number == SYS_futex || ReadEpollFds(pid, static_cast<int>(f[1]), &w->fds);
      if (f[4] == 0) break;
      if (number == SYS_futex) {
        // FUTEX_WAIT counts its timeout from the call; the others (WAIT_BITSET, LOCK_PI...)
        // wait until a moment, on CLOCK_REALTIME when the op says so.
        constexpr unsigned long kCommand = 127, kRealtime = 256;
        SetTimer(ReadTime(pid, f[4]), (f[2] & kCommand) != 0,
                 f[2] & kRealtime ? CLOCK_REALTIME : CLOCK_MONOTONIC, w);
      } else {
        relative(ReadTime(pid, f[4]));  // epoll_pwait2
      }
      break;
    case Timeout::kNone:  // accept, accept4, pause, wait4, waitid
      if (number == SYS_accept || number == SYS_accept4) w->fds = {static_cast<int>(f[1])};
      w->fds_known = true;
      break;
  }
}

ThreadWait WaitOf(pid_t pid, const std::string& dir) {
  ThreadWait w;
  w.pid = pid;
  size_t slash = dir.rfind('/');
  w.tid = static_cast<pid_t>(std::strtol(dir.c_str() + slash + 1, nullptr, 10));
  if (TaskState(dir + "/stat") != 'S') return w;
  std::optional<std::string> text = SyscallText(pid, dir);
  if (!text || text->empty()) {
    w.unseen = true;
    return w;
  }
  while (!text->empty() && text->back() == '\n') text->pop_back();
  // "running" (it woke between the two reads) or -1 (blocked outside a system call).
  if (!std::isdigit(static_cast<unsigned char>(text->front()))) return w;
  w.fields = *text;
  std::vector<unsigned long> f = SyscallFields(*text);
  long number = static_cast<long>(f[0]);
  f.resize(7, 0);
  if (ReadSleep(pid, number, f, &w)) return w;
  const WaitingSyscall* call = WaitingCall(number);
  if (call == nullptr) return w;
  w.call = call->name;
  ReadWhatWakes(pid, number, *call, f, &w);
  return w;
}

}  // namespace

std::vector<ThreadWait> ThreadWaits(const std::vector<pid_t>& pids) {
  std::vector<ThreadWait> out;
  for (pid_t pid : pids) {
    std::error_code ec;
    std::filesystem::directory_iterator tasks("/proc/" + std::to_string(pid) + "/task", ec);
    if (ec) return {};
    const std::set<std::string> aside = IsJvm(pid) ? JvmThreadsAside(pid) : std::set<std::string>{};
    size_t before = out.size();
    bool any = false;
    for (const auto& t : tasks) {
      any = true;
      if (aside.count(t.path().string())) continue;
      out.push_back(WaitOf(pid, t.path().string()));
    }
    if (!any || out.size() == before) return {};
  }
  return out;
}

namespace {

// Where the grader may not copy the program's descriptors (no CAP_SYS_PTRACE for another
// user's process), the helper of its user polls each (owner_sight.h).
std::optional<bool> AnyReadyThroughHelper(pid_t pid, const std::vector<int>& fds) {
  OwnerSight* sight = SightOf("/proc/" + std::to_string(pid));
  if (sight == nullptr) return std::nullopt;
  for (int fd : fds) {
    std::optional<bool> ready = sight->Ready(pid, fd);
    if (!ready || *ready) return ready;
  }
  return false;
}

}  // namespace

std::optional<bool> AnyReady(pid_t pid, const std::vector<int>& fds) {
  if (fds.empty()) return false;
#if defined(SYS_pidfd_open) && defined(SYS_pidfd_getfd)
  Fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd) return std::nullopt;
  std::vector<Fd> dups;
  std::vector<pollfd> polled;
  for (int fd : fds) {
    dups.emplace_back(static_cast<int>(::syscall(SYS_pidfd_getfd, pidfd.get(), fd, 0)));
    if (!dups.back()) return AnyReadyThroughHelper(pid, fds);
    polled.push_back(pollfd{dups.back().get(), POLLIN, 0});
  }
  // Readable, at its end or in error: what would end a read, recv or accept on it.
  if (::poll(polled.data(), polled.size(), 0) < 0) return std::nullopt;
  for (const pollfd& p : polled)
    if (p.revents != 0) return true;
  return false;
#else
  (void)pid;
  return std::nullopt;
#endif
}

}  // namespace netgrade::observe
