// What a student's server has done with one of the peer's TCP connections, as the kernel
// tells it (base/sock_diag.h: a lookup by the connection's two addresses, no walk): whether
// the program has accepted it (a connection still in the listening socket's queue belongs
// to no file, so its inode is 0), how many bytes wait in it that the program has not read,
// and the socket's inode (to match a socket the program is asleep reading).
#pragma once

#include <cstdint>
#include <optional>

namespace netgrade::peers {

struct ServerSide {
  bool accepted = false;
  long unread = 0;
  uint64_t inode = 0;
};

// The program's end of the TCP connection whose peer end is `peer_fd`, looked up in the
// calling thread's network namespace (the program's); nullopt when it cannot be seen there
// (netlink refused, another namespace, the connection gone).
std::optional<ServerSide> LookServerSide(int peer_fd);

}  // namespace netgrade::peers
