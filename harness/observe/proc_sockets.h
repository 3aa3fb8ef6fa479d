// What sockets a process has, read from /proc without touching them: no probe connection
// (it would use up a one-client server's accept), no sleep. Reads /proc/<pid>/net/* so it
// sees the process's own network namespace.
//
// A socket is the process's when one of its /proc/<pid>/fd links names the socket's inode.
// Those links are another user's process's secret unless the grader may ptrace it: a grader
// running as root in a default Docker container (no CAP_SYS_PTRACE) may not read those of
// the program it runs as another user. Then a socket is the program's when that user owns
// it (the uid column of the socket tables, which anyone may read): the program runs as a
// user of its own, so every socket that user owns in its namespace is the program's.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "harness/base/proc.h"
#include "harness/observe/socket_info.h"

namespace netgrade::observe {

// Whether any of the sockets has something waiting to be read (or accepted).
bool InputPending(const std::vector<SocketInfo>& sockets);

// The sockets held by any of pids (TCP and UDP, v4 and v6). Processes that vanish while
// being read are skipped; never throws for them. For a process whose descriptors may not be
// read, the sockets its user owns (never the grader's own user's: those are the peers').
std::vector<SocketInfo> SocketsOf(const std::vector<pid_t>& pids);
// A row of the kernel's socket table (/proc/net or sock_diag) as a SocketInfo of `proto`,
// held by no one yet (pid 0).
SocketInfo FromRow(const ProcNetRow& row, SocketProto proto);

// Those of `sockets` (read from the kernel by observe/sock_diag.h, pid 0) that any of pids
// holds, by the rules of SocketsOf, with their pid set; the others are left out.
std::vector<SocketInfo> HeldBy(const std::vector<pid_t>& pids, std::vector<SocketInfo> sockets);

// Whether the grader may read the descriptors of a program it runs as another user (root
// with CAP_SYS_PTRACE); without it, sockets are found by owner, and two programs running at
// once as the same user cannot be told apart.
bool ReadsOtherUsersDescriptors();

}  // namespace netgrade::observe
