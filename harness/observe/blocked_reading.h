// Which sockets a program is blocked reading: the threads asleep in read()/recv() on one
// socket, and that socket's inode (from /proc/<pid>/task/<tid>/syscall and the descriptor's
// link "socket:[inode]"). A server asleep in recv() on client a while client b's line waits
// unread is serving one client at a time; one asleep in select() or poll() is not seen here
// (it waits on many descriptors, and is not blocked on any one client).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

namespace netgrade::observe {

// The inodes of the sockets the threads of pids are asleep reading; empty when none is, or
// when the calls cannot be seen. 0 for a thread asleep in read()/recv() on one descriptor the
// grader may not look at (another user's process without CAP_SYS_PTRACE, as in a default
// Docker container): one client, which one unknown.
std::vector<uint64_t> SocketsBlockedReading(const std::vector<pid_t>& pids);

}  // namespace netgrade::observe
