#include "harness/observe/listening.h"

#include "harness/observe/sock_diag.h"

namespace netgrade::observe {

std::vector<SocketInfo> ListenersOf(const std::vector<pid_t>& pids) {
  std::optional<std::vector<SocketInfo>> listeners =
      DiagSockets({{SocketProto::kTcp, kListenState}, {SocketProto::kUdp, kUnconnectedUdp}});
  std::vector<SocketInfo> out;
  if (!listeners) {
    for (SocketInfo& s : SocketsOf(pids))
      if (s.listening()) out.push_back(std::move(s));
    return out;
  }
  // Nothing listens in the namespace (the common look, before the program is up): its
  // descriptors need not be read.
  if (listeners->empty()) return out;
  for (SocketInfo& s : HeldBy(pids, std::move(*listeners)))
    if (s.listening()) out.push_back(std::move(s));
  return out;
}

bool ListeningOn(const std::vector<SocketInfo>& sockets, SocketProto proto, uint16_t port) {
  for (const SocketInfo& s : sockets)
    if (s.listening() && s.proto == proto && s.local_port == port) return true;
  return false;
}

std::optional<uint16_t> ListeningElsewhere(const std::vector<SocketInfo>& sockets,
                                           SocketProto proto, uint16_t port) {
  std::optional<uint16_t> elsewhere;
  for (const SocketInfo& s : sockets) {
    if (!s.listening()) continue;
    if (s.local_port == port) return std::nullopt;  // there, or there in the other protocol
    if (s.proto == proto && !elsewhere) elsewhere = s.local_port;
  }
  return elsewhere;
}

}  // namespace netgrade::observe
