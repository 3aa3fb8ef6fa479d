// What sockets a process has, read from /proc without touching them: no probe connection
// (it would use up a one-client server's accept), no sleep. Reads /proc/<pid>/net/* so it
// sees the process's own network namespace.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace netgrade::observe {

enum class SocketProto { kTcp, kUdp };

struct SocketInfo {
  SocketProto proto = SocketProto::kTcp;
  bool ipv6 = false;
  std::string local_address;  // "0.0.0.0", "127.0.0.1", "::", "::1", ...
  uint16_t local_port = 0;
  std::string remote_address;
  uint16_t remote_port = 0;
  int state = 0;  // the kernel's TCP state number: 0x0A LISTEN, 0x02 SYN_SENT...
  uint64_t inode = 0;
  pid_t pid = 0;               // a process holding it
  bool listening() const;      // TCP LISTEN, or a bound UDP socket with no remote
  bool loopback_only() const;  // bound to 127.0.0.0/8 or ::1
};

// The sockets held by any of pids (TCP and UDP, v4 and v6). Processes that vanish while
// being read are skipped; never throws for them.
std::vector<SocketInfo> SocketsOf(const std::vector<pid_t>& pids);

}  // namespace netgrade::observe
