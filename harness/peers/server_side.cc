#include "harness/peers/server_side.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include "harness/base/address.h"
#include "harness/base/sock_diag.h"

namespace netgrade::peers {
namespace {

std::optional<Address> Remote(int fd) {
  Address a;
  a.length = sizeof a.storage;
  if (::getpeername(fd, a.sa(), &a.length) != 0) return std::nullopt;
  return a;
}

}  // namespace

std::optional<ServerSide> LookServerSide(int peer_fd) {
  if (peer_fd < 0) return std::nullopt;
  std::optional<Address> server = Remote(peer_fd);
  if (!server) return std::nullopt;
  Address peer = LocalAddress(peer_fd);
  SockDiag diag;
  if (!diag.valid()) return std::nullopt;
  bool refused = false;
  // The program's end: bound to the address the peer dialled, connected to the peer's end.
  std::optional<ProcNetRow> row = diag.Lookup(IPPROTO_TCP, *server, peer, &refused);
  if (!row) return std::nullopt;
  return ServerSide{row->inode != 0, row->rx_queue, row->inode};
}

}  // namespace netgrade::peers
