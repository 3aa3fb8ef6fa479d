#include "harness/sandbox/syscall_filter.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace netgrade::sandbox {
namespace {

struct Refusal {
  const char* name;
  int error;
};

constexpr Refusal kRefused[] = {
    {"keyctl", EPERM},
    {"add_key", EPERM},
    {"request_key", EPERM},
    {"bpf", EPERM},
    {"perf_event_open", EPERM},
    {"userfaultfd", EPERM},
    {"ptrace", EPERM},
    {"io_uring_setup", ENOSYS},
    {"io_uring_enter", ENOSYS},
    {"io_uring_register", ENOSYS},
    {"clone3", ENOSYS},
    // Mounts: no exercise mounts anything. A program has no capability in any mode today, so
    // these fail anyway; refused here, they stay refused if a mode ever maps it to root in
    // the user namespace its jail was built in, where it could take the jail apart.
    {"mount", EPERM},
    {"umount2", EPERM},
    {"pivot_root", EPERM},
    {"setns", EPERM},
    {"open_tree", EPERM},
    {"move_mount", EPERM},
    {"fsopen", EPERM},
    {"fsmount", EPERM},
    {"fsconfig", EPERM},
    {"fspick", EPERM},
    {"mount_setattr", EPERM},
    // System V IPC and POSIX message queues: their objects belong to no process, outlive
    // every kill, cgroup and the grader itself, and shared memory escapes RLIMIT_DATA. Where
    // there is no IPC namespace of the case's own (a default container, no user namespaces)
    // nothing else would remove them. Refused in every mode, so that a program gets one
    // answer everywhere.
    {"shmget", EPERM},
    {"shmat", EPERM},
    {"shmctl", EPERM},
    {"msgget", EPERM},
    {"msgsnd", EPERM},
    {"msgrcv", EPERM},
    {"msgctl", EPERM},
    {"semget", EPERM},
    {"semop", EPERM},
    {"semtimedop", EPERM},
    {"semctl", EPERM},
    {"ipc", EPERM},  // the calls above in one, on architectures that have it
    {"mq_open", EPERM},
};

struct ContextDeleter {
  void operator()(scmp_filter_ctx ctx) const { seccomp_release(ctx); }
};
using Context = std::unique_ptr<void, ContextDeleter>;

// An int argument compared on its low 32 bits: the kernel reads socket()'s family, type and
// protocol as ints, so a plain (64-bit) comparison would let a program that sets the
// register's high bits pass with any family it likes.
scmp_arg_cmp IntArg(unsigned arg, int value) {
  return {arg, SCMP_CMP_MASKED_EQ, 0xffffffffu, static_cast<uint32_t>(value)};
}

// The socket families a program may make, in every mode; everything else below kFamilies
// (the kernel refuses 46 and up itself) fails as on a kernel without the family.
bool FamilyOffered(int family, bool packet_sockets) {
  switch (family) {
    case AF_INET:
    case AF_INET6:
    case AF_NETLINK:  // NETLINK_ROUTE alone, below
    case AF_UNIX:     // scoped by the jail or the guard, or refused (Make)
      return true;
    case AF_PACKET:
      return packet_sockets;
    default:
      return false;
  }
}

constexpr int kFamilies = 64;
// Netlink's protocols are numbered below 32 (MAX_LINKS); the kernel refuses the rest.
constexpr int kNetlinkProtocols = 32;

// Every family that is not offered, for socket() and socketpair(): EAFNOSUPPORT, as a kernel
// without it answers, which every runtime reports as "address family not supported". Of
// netlink only NETLINK_ROUTE, which libc (getaddrinfo's AI_ADDRCONFIG, getifaddrs), Go, Java
// and libuv read a program's own interfaces with; its other protocols (uevents, audit, sock
// diag, netfilter, generic) EPROTONOSUPPORT.
int RefuseFamilies(scmp_filter_ctx ctx, bool packet_sockets) {
  for (int call : {SCMP_SYS(socket), SCMP_SYS(socketpair)})
    for (int family = 0; family < kFamilies; ++family) {
      if (FamilyOffered(family, packet_sockets)) continue;
      if (int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), call, 1, IntArg(0, family));
          rc < 0)
        return rc;
    }
  for (int protocol = 0; protocol < kNetlinkProtocols; ++protocol) {
    if (protocol == NETLINK_ROUTE) continue;
    if (int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPROTONOSUPPORT), SCMP_SYS(socket), 2,
                                  IntArg(0, AF_NETLINK), IntArg(2, protocol));
        rc < 0)
      return rc;
  }
  return 0;
}

SyscallFilter Make(UnixSockets unix_sockets, bool packet_sockets, bool answer_hosts) {
  SyscallFilter f;
  Context ctx(seccomp_init(SCMP_ACT_ALLOW));
  if (!ctx) {
    f.why = "seccomp_init failed";
    return f;
  }
  auto fail = [&](const std::string& what, int rc) {
    f.why = what + ": " + std::strerror(-rc);
    f.program.clear();
    return f;
  };
  for (const Refusal& r : kRefused) {
    int nr = seccomp_syscall_resolve_name(r.name);
    if (nr == __NR_SCMP_ERROR) continue;  // not a call on this architecture
    if (int rc = seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(r.error), nr, 0); rc < 0)
      return fail(std::string("seccomp_rule_add ") + r.name, rc);
  }
  // A user namespace, made by unshare() or by clone() with the flag (clone3 is refused above,
  // so that libc falls back to clone, whose flags a filter can read).
  for (const char* call : {"unshare", "clone"}) {
    int nr = seccomp_syscall_resolve_name(call);
    if (int rc = seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), nr, 1,
                                  SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER));
        rc < 0)
      return fail(std::string("seccomp_rule_add ") + call, rc);
  }
  if (unix_sockets == UnixSockets::kRefused) {
    if (int rc = seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socket), 1,
                                  IntArg(0, AF_UNIX));
        rc < 0)
      return fail("seccomp_rule_add socket", rc);
  }
  if (int rc = RefuseFamilies(ctx.get(), packet_sockets); rc < 0)
    return fail("seccomp_rule_add socket families", rc);
  if (unix_sockets == UnixSockets::kGuarded) {
    // Every connect() goes to the grader (connect_guard.h). A datagram socket could reach a
    // named socket with sendto() alone, which the guard does not see: none can be made (a
    // Unix SOCK_RAW is a datagram socket too). The type's low bits are the type, the rest
    // flags (SOCK_NONBLOCK, SOCK_CLOEXEC).
    if (int rc = seccomp_rule_add(ctx.get(), SCMP_ACT_NOTIFY, SCMP_SYS(connect), 0); rc < 0)
      return fail("seccomp_rule_add connect", rc);
    for (int call : {SCMP_SYS(socket), SCMP_SYS(socketpair)})
      for (scmp_datum_t type : {SOCK_DGRAM, SOCK_RAW})
        if (int rc = seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EACCES), call, 2,
                                      IntArg(0, AF_UNIX), SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, type));
            rc < 0)
          return fail("seccomp_rule_add socket", rc);
    f.notifies = true;
    // Every open() as well: the guard answers a read of /etc/hosts with the case's file (the
    // names the textbook's programs use) and lets every other open go on unchanged.
    if (answer_hosts)
      for (const char* call : {"open", "openat", "openat2"}) {
        int nr = seccomp_syscall_resolve_name(call);
        if (nr == __NR_SCMP_ERROR) continue;  // not a call on this architecture
        if (int rc = seccomp_rule_add(ctx.get(), SCMP_ACT_NOTIFY, nr, 0); rc < 0)
          return fail(std::string("seccomp_rule_add ") + call, rc);
      }
  }
  // The BPF program, read back from a memory file.
  int fd = ::memfd_create("netgrade-seccomp", MFD_CLOEXEC);
  if (fd < 0) return fail("memfd_create", -errno);
  if (int rc = seccomp_export_bpf(ctx.get(), fd); rc < 0) {
    ::close(fd);
    return fail("seccomp_export_bpf", rc);
  }
  off_t size = ::lseek(fd, 0, SEEK_END);
  f.program.resize(static_cast<size_t>(size) / sizeof(sock_filter));
  ssize_t n = ::pread(fd, f.program.data(), f.program.size() * sizeof(sock_filter), 0);
  ::close(fd);
  if (n != static_cast<ssize_t>(f.program.size() * sizeof(sock_filter))) return fail("pread", -EIO);
  return f;
}

}  // namespace

const SyscallFilter& StudentSyscallFilter(UnixSockets unix_sockets, bool packet_sockets,
                                          bool answer_hosts) {
  // Made once each, before any fork (a static's initialisation is thread-safe).
  static const std::array<SyscallFilter, 8> filters = [] {
    std::array<SyscallFilter, 8> all;
    for (int u = 0; u < 3; ++u)
      for (int p = 0; p < 2; ++p) all[u * 2 + p] = Make(static_cast<UnixSockets>(u), p == 1, false);
    for (int p = 0; p < 2; ++p) all[6 + p] = Make(UnixSockets::kGuarded, p == 1, true);
    return all;
  }();
  const bool hosts = answer_hosts && unix_sockets == UnixSockets::kGuarded;
  const SyscallFilter& filter =
      filters[hosts ? 6 + packet_sockets : static_cast<int>(unix_sockets) * 2 + packet_sockets];
  // libseccomp failing here is the grader's problem: no program runs unfiltered for it.
  if (!filter.why.empty()) throw std::runtime_error("the seccomp filter: " + filter.why);
  return filter;
}

const std::vector<std::string>& RefusedSyscalls(UnixSockets unix_sockets) {
  auto make = [](UnixSockets which) {
    std::vector<std::string> out;
    for (const Refusal& r : kRefused) out.push_back(r.name);
    out.push_back("unshare(CLONE_NEWUSER)");
    out.push_back("clone(CLONE_NEWUSER)");
    if (which == UnixSockets::kRefused) out.push_back("socket(AF_UNIX)");
    if (which == UnixSockets::kGuarded) {
      out.push_back("socket(AF_UNIX, SOCK_DGRAM)");
      out.push_back("socketpair(AF_UNIX, SOCK_DGRAM)");
    }
    out.push_back("socket(any family not offered)");
    return out;
  };
  static const std::vector<std::string> own_root = make(UnixSockets::kOwnRoot);
  static const std::vector<std::string> guarded = make(UnixSockets::kGuarded);
  static const std::vector<std::string> refused = make(UnixSockets::kRefused);
  return unix_sockets == UnixSockets::kOwnRoot   ? own_root
         : unix_sockets == UnixSockets::kGuarded ? guarded
                                                 : refused;
}

std::vector<std::string> OfferedSocketFamilies(UnixSockets unix_sockets, bool packet_sockets) {
  std::vector<std::string> out = {"AF_INET", "AF_INET6"};
  if (unix_sockets == UnixSockets::kOwnRoot) out.push_back("AF_UNIX (the case's own)");
  if (unix_sockets == UnixSockets::kGuarded)
    out.push_back("AF_UNIX (streams; connect() beneath the program's folders)");
  if (unix_sockets == UnixSockets::kRefused) out.push_back("AF_UNIX (socketpair() only)");
  out.push_back("AF_NETLINK (NETLINK_ROUTE)");
  if (packet_sockets) out.push_back("AF_PACKET (in the case's network)");
  return out;
}

int InstallSyscallFilter(const SyscallFilter& filter) {
  if (filter.program.empty()) return 0;
  sock_fprog prog{static_cast<unsigned short>(filter.program.size()),
                  const_cast<sock_filter*>(filter.program.data())};
  if (!filter.notifies)
    return ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0 ? 0 : -1;
  // A signal that is not fatal does not interrupt a call the grader has taken up (Linux 5.19):
  // else a Go program's preemption signal would restart a connect() the guard already made.
  long listener =
      ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, &prog);
  if (listener < 0 && errno == EINVAL)
    listener =
        ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
  return static_cast<int>(listener);
}

}  // namespace netgrade::sandbox
