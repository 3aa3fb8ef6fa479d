// The kernel's own answer to "which sockets are there": NETLINK_SOCK_DIAG (inet_diag, what
// `ss` uses), instead of re-reading the whole text of /proc/<pid>/net/{tcp,tcp6,udp,udp6}.
// The kernel filters by state (idiag_states: only listeners, say) and by port (a bytecode
// INET_DIAG_BC_S_EQ / D_EQ program), and answers in binary: a look at one port costs a few
// system calls however many sockets the namespace holds. It needs no privilege (no ptrace
// right, no capability: it works in a default Docker container) and sees the network
// namespace of the calling thread, where the grader runs a case's program.
//
// The request is written by hand (~100 lines here) rather than with libmnl: the grader makes
// one kind of request, with at most one attribute, and already builds rtnetlink requests by
// hand (sandbox/rtnetlink.h); libmnl would add a package to every machine and container that
// builds netgrade to save the header arithmetic of a dozen lines.
//
// Sockets are matched to the program by their inode (its /proc/<pid>/fd links) or their
// owner's uid, as proc_sockets.h does; this module only reads the kernel's table.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "harness/observe/proc_sockets.h"

namespace netgrade::observe {

// idiag_states bits: 1 << the kernel's TCP state number (SocketInfo::state).
constexpr uint32_t kAnyState = 0xFFFFFFFFu;
constexpr uint32_t kListenState = 1u << 10;  // TCP_LISTEN
// A UDP socket that is bound and not connect()ed is in TCP_CLOSE; a connected one in
// TCP_ESTABLISHED.
constexpr uint32_t kUnconnectedUdp = 1u << 7;

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

// Whether sock_diag answers here for both TCP and UDP (remembered after the first look).
bool SockDiagAvailable();

}  // namespace netgrade::observe
