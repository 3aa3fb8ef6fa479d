#include "harness/observe/sock_diag.h"

#include <dirent.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>

#include "harness/base/fd.h"
#include "harness/base/file.h"

namespace netgrade::observe {
namespace {

// Whether a TCP socket of `pid` other than those in `known` has more than nothing in the
// queue `request` names (SIOCINQ: bytes waiting to be read; SIOCOUTQNSD: bytes written and
// not yet sent), through a duplicate of its descriptor; nullopt when the grader may not
// duplicate it.
std::optional<bool> AnyTcpQueue(pid_t pid, const std::set<uint64_t>& known, unsigned long request) {
#if defined(SYS_pidfd_open) && defined(SYS_pidfd_getfd)
  Fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd) return errno == ESRCH ? std::optional<bool>(false) : std::nullopt;
  std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  Dir d = OpenDir(dir);
  if (!d) return errno == ENOENT ? std::optional<bool>(false) : std::nullopt;
  while (dirent* e = ::readdir(d.get())) {
    if (e->d_name[0] == '.') continue;
    char target[64];
    ssize_t n = ::readlink((dir + "/" + e->d_name).c_str(), target, sizeof target - 1);
    // Root without CAP_SYS_PTRACE (a default container) may list another user's descriptors
    // (CAP_DAC_OVERRIDE) but not read where they lead: that is not knowing, not "none".
    if (n < 0 && (errno == EACCES || errno == EPERM)) return std::nullopt;
    if (n <= 0) continue;
    target[n] = '\0';
    if (std::strncmp(target, "socket:[", 8) != 0 ||
        known.count(std::strtoull(target + 8, nullptr, 10)))
      continue;
    int fd = std::atoi(e->d_name);
    Fd dup(static_cast<int>(::syscall(SYS_pidfd_getfd, pidfd.get(), fd, 0)));
    if (!dup) {
      if (errno == EBADF) continue;  // closed meanwhile
      return std::nullopt;
    }
    int protocol = 0, queued = 0;
    socklen_t len = sizeof protocol;
    if (::getsockopt(dup.get(), SOL_SOCKET, SO_PROTOCOL, &protocol, &len) != 0 ||
        protocol != IPPROTO_TCP)
      continue;
    if (::ioctl(dup.get(), request, &queued) == 0 && queued > 0) return true;
  }
  return false;
#else
  (void)pid;
  (void)known;
  (void)request;
  return std::nullopt;
#endif
}

// Whether a TCP socket of the program is still in SYN_SENT: its SYN was dropped (the
// listener's accept queue was full, as when a loaded grader accepts late) and the kernel sends
// it again after a second, then two...: a program waiting for that connect() is not at rest.
bool ProgramConnecting(const std::vector<pid_t>& pids) {
  std::optional<std::vector<SocketInfo>> connecting =
      DiagSockets({{SocketProto::kTcp, kSynSentState}});
  std::vector<SocketInfo> held =
      connecting ? HeldBy(pids, std::move(*connecting)) : SocketsOf(pids);
  return std::any_of(held.begin(), held.end(), [](const SocketInfo& s) { return s.connecting(); });
}

}  // namespace

std::optional<std::vector<SocketInfo>> DiagSockets(const std::vector<DiagQuery>& queries) {
  SockDiag diag;
  std::vector<SocketInfo> out;
  std::vector<ProcNetRow> rows;
  for (const DiagQuery& q : queries) {
    rows.clear();
    bool tcp = q.proto == SocketProto::kTcp;
    if (!diag.Dump({tcp ? IPPROTO_TCP : IPPROTO_UDP, q.states, q.local_port, q.remote_port}, &rows))
      return std::nullopt;
    for (const ProcNetRow& row : rows) {
      out.push_back(FromRow(row, q.proto));
    }
  }
  return out;
}

std::vector<SocketInfo> ProgramSocketsOn(const std::vector<pid_t>& pids, SocketProto proto,
                                         uint16_t port) {
  std::optional<std::vector<SocketInfo>> on = DiagSockets({{proto, kAnyState, port}});
  if (on) return HeldBy(pids, std::move(*on));
  std::vector<SocketInfo> out;
  for (SocketInfo& s : SocketsOf(pids))
    if (s.proto == proto && s.local_port == port) out.push_back(std::move(s));
  return out;
}

bool ProgramInputPending(const std::vector<pid_t>& pids) {
  std::optional<std::vector<SocketInfo>> cheap =
      DiagSockets({{SocketProto::kTcp, kListenState}, {SocketProto::kUdp, kAnyState}});
  if (!cheap) return InputPending(SocketsOf(pids));
  std::vector<SocketInfo> held = HeldBy(pids, std::move(*cheap));
  if (InputPending(held)) return true;
  std::set<uint64_t> known;
  for (const SocketInfo& s : held) known.insert(s.inode);
  for (pid_t pid : pids) {
    std::optional<bool> pending = AnyTcpQueue(pid, known, SIOCINQ);
    if (!pending) return InputPending(SocketsOf(pids));
    if (*pending) return true;
  }
  return false;
}

bool ProgramOutputPending(const std::vector<pid_t>& pids) {
  if (ProgramConnecting(pids)) return true;
  for (pid_t pid : pids) {
    std::optional<bool> unsent = AnyTcpQueue(pid, {}, SIOCOUTQNSD);
    if (!unsent) {
      for (const SocketInfo& s : SocketsOf(pids))
        if (s.proto == SocketProto::kTcp && !s.listening() && s.tx_queue > 0) return true;
      return false;
    }
    if (*unsent) return true;
  }
  return false;
}

}  // namespace netgrade::observe
