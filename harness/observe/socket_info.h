// A socket of a student's program as the grader saw it (observe/proc_sockets.h reads them from
// /proc): plain data, for the observation and its checks.
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
  long rx_queue = 0;  // bytes waiting to be read (a listening TCP socket: connections to accept)
  long tx_queue = 0;  // bytes not yet acknowledged (a listening TCP socket: its backlog)
  uid_t uid = 0;      // its owner: the user that created it
  pid_t pid = 0;      // a process holding it (by owner: one running as its owner)
  bool by_owner = false;  // found by its owner's uid, the process's descriptors unreadable
  // TCP LISTEN, or a bound UDP socket with no remote.
  bool listening() const {
    if (proto == SocketProto::kTcp) return state == 0x0A;
    return remote_port == 0 && local_port != 0;
  }
  // A TCP connect() whose SYN is not answered yet (SYN_SENT): the kernel sends it again.
  bool connecting() const { return proto == SocketProto::kTcp && state == 0x02; }
  // Bound to 127.0.0.0/8 or ::1.
  bool loopback_only() const {
    if (!ipv6) return local_address.rfind("127.", 0) == 0;
    return local_address == "::1" || local_address.rfind("::ffff:127.", 0) == 0;
  }
};

// The program listens on `port`, and only on loopback (127.0.0.1, ::1): another host cannot
// reach it.
inline bool ListensOnlyOnLoopback(const std::vector<SocketInfo>& sockets, uint16_t port) {
  bool any = false;
  for (const SocketInfo& s : sockets) {
    if (!s.listening() || s.local_port != port) continue;
    if (!s.loopback_only()) return false;
    any = true;
  }
  return any;
}

}  // namespace netgrade::observe
