// The sockets of this thread's network namespace as the kernel tells them (sock_diag:
// base/sock_diag.h says how, and what a look costs), as SocketInfo: what the grader asks when
// it looks for a program's listening socket or its queues, instead of re-reading the whole
// of /proc/<pid>/net/*. Sockets are matched to the program by their inode (its /proc/<pid>/fd
// links) or their owner's uid (HeldBy in proc_sockets.h); this module only reads the table.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "harness/base/sock_diag.h"
#include "harness/observe/proc_sockets.h"

namespace netgrade::observe {

// One question: the sockets of a protocol (IPv4 and IPv6) in some states, on some ports.
struct DiagQuery {
  SocketProto proto = SocketProto::kTcp;
  uint32_t states = kAnyState;
  uint16_t local_port = 0;   // 0: any; else filtered in the kernel
  uint16_t remote_port = 0;  // 0: any; else filtered in the kernel
};

// The sockets answering every query, in this thread's network namespace, with their owner
// (uid), inode and queues (SocketInfo::pid is 0: whose they are is the caller's business).
// nullopt when the kernel refuses (netlink denied by a seccomp profile, no udp_diag in the
// kernel...): the caller then reads /proc.
std::optional<std::vector<SocketInfo>> DiagSockets(const std::vector<DiagQuery>& queries);

// The program's sockets (any of pids') of `proto` bound to `port`, filtered in the kernel and
// matched as HeldBy does; from /proc where sock_diag is refused. For UDP a look at one port;
// for TCP it walks every connection of the machine (base/sock_diag.h): ask for listeners.
std::vector<SocketInfo> ProgramSocketsOn(const std::vector<pid_t>& pids, SocketProto proto,
                                         uint16_t port);

// Whether any socket of the program (any of pids) has something waiting to be read, or a
// connection waiting to be accepted: InputPending(SocketsOf(pids)) without the walk of every
// connection of the machine that /proc/net/tcp costs. Its listeners and UDP sockets are asked
// of the kernel; its TCP connections through duplicates of its descriptors (pidfd_getfd,
// then SIOCINQ), which needs the right to ptrace it. Where either is refused (a default
// Docker container), /proc as before.
bool ProgramInputPending(const std::vector<pid_t>& pids);

// Whether a TCP connection of the program (any of pids) holds bytes it has written and the
// kernel has not sent yet (SIOCOUTQNSD through a duplicate of its descriptor): Nagle's
// algorithm keeps a short write back while the one before is unacknowledged, up to the
// receiver's delayed ACK (40 ms), so a program blocked in recv() right after its writes is
// not at rest until they leave. Where descriptors cannot be duplicated (a default container),
// any unacknowledged byte in its sockets' queues (/proc) counts.
bool ProgramOutputPending(const std::vector<pid_t>& pids);

}  // namespace netgrade::observe
