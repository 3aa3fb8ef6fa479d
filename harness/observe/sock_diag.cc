#include "harness/observe/sock_diag.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "harness/base/fd.h"

namespace netgrade::observe {
namespace {

// A request: the header, the fixed part, and at most one attribute, the port filter.
struct Request {
  nlmsghdr header;
  inet_diag_req_v2 req;
  nlattr filter_attr;
  inet_diag_bc_op filter[4];  // S_EQ port, D_EQ port: an op and its operand each
};

// The port filter as an inet_diag bytecode program. Each test is two ops (the test, then the
// port in the second op's `no`); `yes` steps to the next test, `no` jumps 4 bytes past the
// end, which rejects the socket (the program accepts only by ending exactly at its end).
size_t PortFilter(const DiagQuery& q, inet_diag_bc_op* ops) {
  size_t n = 0;
  auto test = [&](uint8_t code, uint16_t port) {
    ops[n] = {code, 8, 0};
    ops[n + 1] = {0, 0, port};
    n += 2;
  };
  if (q.local_port) test(INET_DIAG_BC_S_EQ, q.local_port);
  if (q.remote_port) test(INET_DIAG_BC_D_EQ, q.remote_port);
  size_t len = n * sizeof(inet_diag_bc_op);
  for (size_t i = 0; i < n; i += 2)  // from op i, the end lies len - 4i bytes ahead
    ops[i].no = static_cast<uint16_t>(len - i * sizeof(inet_diag_bc_op) + 4);
  return len;
}

std::string Host(int family, const uint32_t* addr) {
  char buf[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(family, addr, buf, sizeof buf);
  return buf;
}

SocketInfo FromMessage(const inet_diag_msg& m, SocketProto proto) {
  SocketInfo s;
  s.proto = proto;
  s.ipv6 = m.idiag_family == AF_INET6;
  s.local_address = Host(m.idiag_family, m.id.idiag_src);
  s.local_port = ntohs(m.id.idiag_sport);
  s.remote_address = Host(m.idiag_family, m.id.idiag_dst);
  s.remote_port = ntohs(m.id.idiag_dport);
  s.state = m.idiag_state;
  s.inode = m.idiag_inode;
  s.rx_queue = m.idiag_rqueue;
  s.tx_queue = m.idiag_wqueue;
  s.uid = m.idiag_uid;
  return s;
}

// One dump (a protocol and a family) on `fd`, appended to `out`; false when refused.
bool Dump(int fd, const DiagQuery& q, int family, uint32_t seq, std::vector<SocketInfo>* out) {
  Request r{};
  size_t filter_len = PortFilter(q, r.filter);
  r.header.nlmsg_len = static_cast<uint32_t>(
      NLMSG_LENGTH(sizeof r.req) + (filter_len ? NLA_HDRLEN + filter_len : 0));
  r.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  r.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  r.header.nlmsg_seq = seq;
  r.req.sdiag_family = static_cast<uint8_t>(family);
  r.req.sdiag_protocol = q.proto == SocketProto::kTcp ? IPPROTO_TCP : IPPROTO_UDP;
  r.req.idiag_states = q.states;
  r.filter_attr.nla_len = static_cast<uint16_t>(NLA_HDRLEN + filter_len);
  r.filter_attr.nla_type = INET_DIAG_REQ_BYTECODE;
  static_assert(offsetof(Request, filter_attr) == NLMSG_LENGTH(sizeof(inet_diag_req_v2)));
  if (::send(fd, &r, r.header.nlmsg_len, 0) < 0) return false;
  // The kernel answers a dump in batches of messages, up to NLMSG_DONE (or NLMSG_ERROR when
  // it refuses the request). A batch fits in 32 KB when the receiver offers that much.
  alignas(nlmsghdr) static thread_local char buf[32 << 10];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    int left = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
      if (h->nlmsg_seq != seq) continue;  // an answer to an earlier request
      if (h->nlmsg_type == NLMSG_DONE)  // its payload: 0, or the error that cut the dump short
        return h->nlmsg_len < NLMSG_LENGTH(sizeof(int)) ||
               *static_cast<const int*>(NLMSG_DATA(h)) == 0;
      if (h->nlmsg_type == NLMSG_ERROR) return false;
      if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY || h->nlmsg_len < NLMSG_LENGTH(sizeof(inet_diag_msg)))
        continue;
      out->push_back(FromMessage(*static_cast<const inet_diag_msg*>(NLMSG_DATA(h)), q.proto));
    }
  }
}

}  // namespace

std::optional<std::vector<SocketInfo>> DiagSockets(const std::vector<DiagQuery>& queries) {
  Fd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
  if (!fd) return std::nullopt;
  std::vector<SocketInfo> out;
  uint32_t seq = 0;
  for (const DiagQuery& q : queries)
    for (int family : {AF_INET, AF_INET6})
      if (!Dump(fd.get(), q, family, ++seq, &out)) return std::nullopt;
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
