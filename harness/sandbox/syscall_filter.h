// The system calls a student's program may not make, refused by a seccomp filter installed
// just before exec: none of them is in any socket exercise, and each lets a program reach
// past its case. Keys (keyctl, add_key, request_key) outlive the case under its uid and pass
// notes to a later submission; a user namespace (unshare or clone with CLONE_NEWUSER) gives it
// capabilities over new namespaces; io_uring, bpf, perf_event_open and userfaultfd are the
// kernel's widest attack surface; ptrace would let it steer another process of its uid;
// mount calls and setns, which fail today for want of a capability, would let a program
// mapped to root in its jail's user namespace take the jail apart. System V IPC and POSIX
// message queues make objects no kill, cgroup or exit removes (shared memory outside
// RLIMIT_DATA, left behind where there is no IPC namespace of the case's own).
// Refused calls fail with EPERM (io_uring and clone3 with ENOSYS, which programs and libc
// take as "not supported here" and fall back from).
//
// Where a case has no root of its own (no mount namespace: a Docker container's caps, no user
// namespaces, Ubuntu 24.04's refused uid_map), its programs may see the machine's Unix
// sockets: tmux's, the D-Bus session bus, the systemd user manager, ssh-agent, docker.sock.
// Any of them runs a command outside the case. Landlock scopes abstract sockets (ABI 6), but
// a named socket's connect() only from Linux 7.1 (LANDLOCK_ACCESS_FS_RESOLVE_UNIX), and a
// filter cannot read connect()'s address. So there every connect() is handed to the grader
// (SECCOMP_RET_USER_NOTIF), which makes it itself when it is to a socket beneath the
// program's own folders or not a Unix socket at all (connect_guard.h); a Unix datagram socket,
// which reaches a named socket by sendto() alone, cannot be made (socket() and socketpair()
// with SOCK_DGRAM fail with EACCES). Where the grader cannot take a program's descriptors
// (running as root without CAP_SYS_PTRACE, as in a default container, where the programs run
// as a uid of their own) the filter refuses socket(AF_UNIX) instead; socketpair() still works.
// In a jail the machine's sockets are not in its files and its abstract ones are in another
// network namespace, so a program's own Unix sockets work.
//
// Socket families are an allowlist, in every mode: AF_INET and AF_INET6; AF_UNIX as above;
// AF_NETLINK with NETLINK_ROUTE alone (libc, Go, Java and libuv read the program's own
// interfaces with it); AF_PACKET only where a lab gives raw rights, in the case's own network.
// Every other family fails with EAFNOSUPPORT, as on a kernel without it, for
// socket() and socketpair() alike: AF_VSOCK reaches the hypervisor and whatever listens beside
// it from any network namespace, and AF_ALG, AF_TIPC, AF_RDS, AF_CAN, AF_BLUETOOTH, AF_XDP,
// AF_KEY, AF_PPPOX and the rest are kernel code no exercise needs. Every int argument is
// compared on its low 32 bits, as the kernel reads it.
//
// Made with libseccomp rather than written as BPF by hand: it checks the architecture,
// resolves the calls' numbers per architecture and masks clone's flag argument; exported to
// BPF once, before any fork, so that the child only calls prctl (async-signal-safe).
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

#include "harness/sandbox/refused_calls.h"

namespace netgrade::sandbox {

struct SyscallFilter {
  std::vector<sock_filter> program;
  bool notifies = false;  // some calls go to the grader: installed with a listener
  std::string why;        // libseccomp failed (program empty)
};

// What a case's programs may do with Unix sockets, by what netgrade can give them.
enum class UnixSockets {
  kOwnRoot = 0,  // in a jail: anything (the machine's are not in its files)
  kGuarded = 1,  // no jail: connect() through the grader, to the program's own folders only
  kRefused = 2,  // no jail and no guard: socket(AF_UNIX) refused
};

// The filter for students' programs, made once each (thread-safe). `packet_sockets`: the lab
// gives raw rights in the case's own network, so AF_PACKET is offered too. `answer_hosts`
// (with kGuarded alone): every open() goes to the grader too, which answers reads of
// /etc/hosts (connect_guard.h). Throws std::runtime_error when libseccomp could not make it:
// the grader's problem.
const SyscallFilter& StudentSyscallFilter(UnixSockets unix_sockets = UnixSockets::kOwnRoot,
                                          bool packet_sockets = false, bool answer_hosts = false);

// The socket families a program may make, for the report ("AF_INET", "AF_UNIX (the case's
// own)", "AF_NETLINK (NETLINK_ROUTE)", ...).
std::vector<std::string> OfferedSocketFamilies(UnixSockets unix_sockets, bool packet_sockets);

// The calls the filter refuses, by name, for the report and its tests ("socket(AF_UNIX)" when
// refused, "socket(AF_UNIX, SOCK_DGRAM)" when guarded).
const std::vector<std::string>& RefusedSyscalls(UnixSockets unix_sockets = UnixSockets::kOwnRoot);

// In the child, after PR_SET_NO_NEW_PRIVS: installs `filter` (async-signal-safe). Returns -1
// when the kernel refuses it (errno tells why), else the listener on which the grader takes
// the calls it hands over (close-on-exec), or 0 for a filter that hands over none (or empty).
int InstallSyscallFilter(const SyscallFilter& filter);

}  // namespace netgrade::sandbox
