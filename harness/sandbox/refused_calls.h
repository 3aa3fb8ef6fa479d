// The calls a student's program is refused (sandbox/syscall_filter.h installs the filter),
// grouped in words for a student: plain text, which the checks' notes quote without linking
// the sandbox.
#pragma once

#include <string>

namespace netgrade::sandbox {

// "keys (keyctl, add_key, request_key), new user namespaces, ...".
inline std::string RefusedSyscallsInWords() {
  return "keys (keyctl, add_key, request_key), new user namespaces, io_uring, bpf, "
         "perf_event_open, userfaultfd, ptrace, mount calls, setns, System V IPC (shmget, "
         "msgget, semget) and POSIX message queues (mq_open); sockets of any family but "
         "AF_INET, AF_INET6, AF_UNIX and NETLINK_ROUTE (EAFNOSUPPORT; AF_PACKET too where a "
         "lab gives raw rights); and, where a case has no "
         "filesystem of its own, Unix sockets outside the program's folders (a connect() to "
         "one fails with EACCES) and Unix datagram sockets (socket(AF_UNIX, SOCK_DGRAM), "
         "socketpair(AF_UNIX, SOCK_DGRAM)), or, where netgrade cannot make a program's "
         "connect() itself, every Unix socket (socket(AF_UNIX); a stream socketpair() works)";
}

}  // namespace netgrade::sandbox
