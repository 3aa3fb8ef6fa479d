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
// namespaces, Ubuntu 24.04's refused uid_map), its programs run as the grader's user and see
// the machine's Unix sockets: tmux's, the D-Bus session bus, the systemd user manager,
// ssh-agent, docker.sock. Any of them runs a command outside the case. Landlock scopes
// abstract sockets (ABI 6), but a named socket's connect() only from Linux 7.1
// (LANDLOCK_ACCESS_FS_RESOLVE_UNIX), and a filter cannot read connect()'s address. There the
// filter refuses socket(AF_UNIX) with EACCES; socketpair() (Python's asyncio, libuv, a
// program's own pair) still works. In a jail the machine's sockets are not in its files and
// its abstract ones are in another network namespace, so a program's own Unix sockets work.
//
// Made with libseccomp rather than written as BPF by hand: it checks the architecture,
// resolves the calls' numbers per architecture and masks clone's flag argument; exported to
// BPF once, before any fork, so that the child only calls prctl (async-signal-safe).
#pragma once

#include <linux/filter.h>

#include <string>
#include <vector>

namespace netgrade::sandbox {

struct SyscallFilter {
  std::vector<sock_filter> program;
  std::string why;  // libseccomp failed (program empty)
};

// The filter for students' programs, made once each (thread-safe); `refuse_unix_sockets` for
// a case without a root of its own. Throws std::runtime_error when libseccomp could not make
// it: the grader's problem.
const SyscallFilter& StudentSyscallFilter(bool refuse_unix_sockets = false);

// The calls the filter refuses, by name, for the report and its tests ("socket(AF_UNIX)" with
// refuse_unix_sockets).
const std::vector<std::string>& RefusedSyscalls(bool refuse_unix_sockets = false);

// The same, grouped in words for a student: "keys (keyctl, add_key, request_key), ...".
std::string RefusedSyscallsInWords();

// In the child, after PR_SET_NO_NEW_PRIVS: installs `filter`. False when the kernel refuses it
// (errno tells why); true for an empty filter.
bool InstallSyscallFilter(const SyscallFilter& filter);

}  // namespace netgrade::sandbox
