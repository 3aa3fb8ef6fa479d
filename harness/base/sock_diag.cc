#include "harness/base/sock_diag.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace netgrade {
namespace {

// A request: the header, the fixed part, and at most one attribute, the port filter.
struct Request {
  nlmsghdr header;
  inet_diag_req_v2 req;
  nlattr filter_attr;
  inet_diag_bc_op filter[4];  // S_EQ port, D_EQ port: an op and its operand each
};
static_assert(offsetof(Request, filter_attr) == NLMSG_LENGTH(sizeof(inet_diag_req_v2)));

// A request about one socket (a lookup, or its end): the header and the fixed part, whose
// socket id the caller fills in.
struct OneSocket {
  nlmsghdr header;
  inet_diag_req_v2 req;
};
OneSocket OneSocketRequest(uint16_t type, uint16_t flags, int family, int protocol,
                           uint32_t states) {
  OneSocket r{};
  r.header.nlmsg_len = sizeof r;
  r.header.nlmsg_type = type;
  r.header.nlmsg_flags = flags;
  r.req.sdiag_family = static_cast<uint8_t>(family);
  r.req.sdiag_protocol = static_cast<uint8_t>(protocol);
  r.req.idiag_states = states;
  return r;
}

// The port filter as an inet_diag bytecode program. Each test is two ops (the test, then the
// port in the second op's `no`); `yes` steps to the next test, `no` jumps 4 bytes past the
// end, which rejects the socket (the program accepts only by ending exactly at its end).
size_t PortFilter(const DiagFilter& f, inet_diag_bc_op* ops) {
  size_t n = 0;
  auto test = [&](uint8_t code, uint16_t port) {
    ops[n] = {code, 8, 0};
    ops[n + 1] = {0, 0, port};
    n += 2;
  };
  if (f.local_port) test(INET_DIAG_BC_S_EQ, f.local_port);
  if (f.remote_port) test(INET_DIAG_BC_D_EQ, f.remote_port);
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

ProcNetRow FromMessage(const inet_diag_msg& m) {
  ProcNetRow r;
  r.ipv6 = m.idiag_family == AF_INET6;
  r.local_address = Host(m.idiag_family, m.id.idiag_src);
  r.local_port = ntohs(m.id.idiag_sport);
  r.remote_address = Host(m.idiag_family, m.id.idiag_dst);
  r.remote_port = ntohs(m.id.idiag_dport);
  r.state = m.idiag_state;
  r.inode = m.idiag_inode;
  r.rx_queue = m.idiag_rqueue;
  r.tx_queue = m.idiag_wqueue;
  r.uid = m.idiag_uid;
  return r;
}

// An address's bytes as inet_diag_sockid holds them (network order, IPv4 in the first word).
void PutAddress(const Address& a, uint32_t* to) {
  if (a.family() == AF_INET)
    std::memcpy(to, &reinterpret_cast<const sockaddr_in*>(&a.storage)->sin_addr, 4);
  else
    std::memcpy(to, &reinterpret_cast<const sockaddr_in6*>(&a.storage)->sin6_addr, 16);
}

}  // namespace

SockDiag::SockDiag() : fd_(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG)) {}

bool SockDiag::Dump(const DiagFilter& f, std::vector<ProcNetRow>* out,
                    std::vector<inet_diag_sockid>* ids) {
  for (int family : {AF_INET, AF_INET6}) {
    Request r{};
    size_t filter_len = PortFilter(f, r.filter);
    r.header.nlmsg_len = static_cast<uint32_t>(NLMSG_LENGTH(sizeof r.req) +
                                               (filter_len ? NLA_HDRLEN + filter_len : 0));
    r.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    r.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    r.req.sdiag_family = static_cast<uint8_t>(family);
    r.req.sdiag_protocol = static_cast<uint8_t>(f.protocol);
    r.req.idiag_states = f.states;
    r.filter_attr.nla_len = static_cast<uint16_t>(NLA_HDRLEN + filter_len);
    r.filter_attr.nla_type = INET_DIAG_REQ_BYTECODE;
    bool refused = false;
    if (!Ask(&r, r.header.nlmsg_len, out, &refused, ids)) return false;
  }
  return true;
}

std::optional<ProcNetRow> SockDiag::Lookup(int protocol, const Address& local,
                                           const Address& remote, bool* refused) {
  *refused = false;
  OneSocket r =
      OneSocketRequest(SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST, local.family(), protocol, kAnyState);
  r.req.id.idiag_sport = htons(local.port());
  r.req.id.idiag_dport = htons(remote.port());
  PutAddress(local, r.req.id.idiag_src);
  PutAddress(remote, r.req.id.idiag_dst);
  r.req.id.idiag_cookie[0] = r.req.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
  std::vector<ProcNetRow> found;
  if (!Ask(&r, sizeof r, &found, refused) || found.empty()) return std::nullopt;
  return found.front();
}

int SockDiag::EndTimeWait() {
  int ended = 0;
  std::vector<ProcNetRow> rows;
  std::vector<inet_diag_sockid> ids;
  if (!Dump({IPPROTO_TCP, kTimeWaitState}, &rows, &ids)) return -1;
  for (size_t i = 0; i < ids.size(); ++i) {
    // The socket by its addresses and cookie; the kernel acknowledges with error 0.
    OneSocket r = OneSocketRequest(SOCK_DESTROY, NLM_F_REQUEST | NLM_F_ACK,
                                   rows[i].ipv6 ? AF_INET6 : AF_INET, IPPROTO_TCP, kTimeWaitState);
    r.header.nlmsg_seq = ++seq_;
    r.req.id = ids[i];
    if (::send(fd_.get(), &r, sizeof r, 0) < 0) return -1;
    alignas(nlmsghdr) char buf[256];
    ssize_t n;
    do n = ::recv(fd_.get(), buf, sizeof buf, 0);
    while (n < 0 && errno == EINTR);
    const auto* h = reinterpret_cast<const nlmsghdr*>(buf);
    if (n < static_cast<ssize_t>(NLMSG_LENGTH(sizeof(nlmsgerr))) || h->nlmsg_type != NLMSG_ERROR)
      return -1;
    int error = static_cast<const nlmsgerr*>(NLMSG_DATA(h))->error;
    if (error == 0)
      ++ended;
    else if (error != -ENOENT)
      return -1;  // ENOENT: its time ran out meanwhile
  }
  return ended;
}

// Sends one request and reads its answer: a dump's messages up to NLMSG_DONE, or one socket
// (a lookup); NLMSG_ERROR when the kernel refuses, or finds nothing (ENOENT: not refused).
bool SockDiag::Ask(const void* request, size_t len, std::vector<ProcNetRow>* out, bool* refused,
                   std::vector<inet_diag_sockid>* ids) {
  *refused = true;
  if (!fd_) return false;
  auto* req = static_cast<nlmsghdr*>(const_cast<void*>(request));
  uint32_t seq = req->nlmsg_seq = ++seq_;
  bool dump = req->nlmsg_flags & NLM_F_DUMP;
  if (::send(fd_.get(), request, len, 0) < 0) return false;
  // A dump comes in batches of messages; one fits in 32 KB when the reader offers that much.
  alignas(nlmsghdr) static thread_local char buf[32 << 10];
  for (;;) {
    ssize_t n = ::recv(fd_.get(), buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    // long, not int: NLMSG_OK compares it with the u32 nlmsg_len, which a long holds whole.
    long left = n;
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
      if (h->nlmsg_seq != seq) continue;  // an answer to an earlier request
      if (h->nlmsg_type == NLMSG_DONE) {  // its payload: 0, or the error that cut it short
        *refused = h->nlmsg_len >= NLMSG_LENGTH(sizeof(int)) &&
                   *static_cast<const int*>(NLMSG_DATA(h)) != 0;
        return !*refused;
      }
      if (h->nlmsg_type == NLMSG_ERROR) {
        const auto* e = static_cast<const nlmsgerr*>(NLMSG_DATA(h));
        *refused = h->nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr)) || e->error != -ENOENT;
        return false;
      }
      if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
          h->nlmsg_len < NLMSG_LENGTH(sizeof(inet_diag_msg)))
        continue;
      const auto& m = *static_cast<const inet_diag_msg*>(NLMSG_DATA(h));
      out->push_back(FromMessage(m));
      if (ids) ids->push_back(m.id);
      if (!dump) {
        *refused = false;
        return true;
      }
    }
  }
}

}  // namespace netgrade
