#include "harness/observe/sock_diag.h"

#include <netinet/in.h>

#include <atomic>

namespace netgrade::observe {

std::optional<std::vector<SocketInfo>> DiagSockets(const std::vector<DiagQuery>& queries) {
  SockDiag diag;
  std::vector<SocketInfo> out;
  std::vector<ProcNetRow> rows;
  for (const DiagQuery& q : queries) {
    rows.clear();
    bool tcp = q.proto == SocketProto::kTcp;
    if (!diag.Dump({tcp ? IPPROTO_TCP : IPPROTO_UDP, q.states, q.local_port, q.remote_port},
                   &rows))
      return std::nullopt;
    for (const ProcNetRow& row : rows) {
      SocketInfo s;
      s.proto = q.proto;
      s.ipv6 = row.ipv6;
      s.local_address = row.local_address;
      s.local_port = row.local_port;
      s.remote_address = row.remote_address;
      s.remote_port = row.remote_port;
      s.state = row.state;
      s.inode = row.inode;
      s.rx_queue = row.rx_queue;
      s.tx_queue = row.tx_queue;
      s.uid = row.uid;
      out.push_back(std::move(s));
    }
  }
  return out;
}

bool SockDiagAvailable() {
  // 0: not looked yet, 1: answers, 2: refused. A race only looks twice.
  static std::atomic<int> known{0};
  if (known.load() == 0)
    known.store(DiagSockets({{SocketProto::kTcp, kListenState}, {SocketProto::kUdp, kAnyState}})
                    ? 1
                    : 2);
  return known.load() == 1;
}

}  // namespace netgrade::observe
