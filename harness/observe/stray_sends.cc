#include "harness/observe/stray_sends.h"

#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/icmp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

#include "harness/observe/sock_diag.h"

namespace netgrade::observe {
namespace {

constexpr uint8_t kIcmpDestUnreach = 3, kIcmpPortUnreach = 3;
constexpr uint8_t kTcpRst = 0x04, kTcpAck = 0x10;
constexpr uint16_t kDnsPort = 53;

uint16_t Be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
uint32_t Be32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

std::string Ipv4(const uint8_t* p) {
  char text[INET_ADDRSTRLEN];
  ::inet_ntop(AF_INET, p, text, sizeof text);
  return text;
}

// The length of the IPv4 header at p (0 when p is not one): its IHL, in 32-bit words.
size_t HeaderLength(const uint8_t* p, size_t size) {
  if (size < 20 || p[0] >> 4 != 4) return 0;
  size_t length = size_t{p[0] & 0x0fu} * 4;
  return length >= 20 && length <= size ? length : 0;
}

// Only refusals reach the TCP watch's queue: the kernel drops every other segment before it
// is queued, so a busy loopback costs the grader nothing. The packet starts at its IP header.
const sock_filter kRefusalsOnly[] = {
    BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),                        // x = IP header length
    BPF_STMT(BPF_LD | BPF_B | BPF_IND, 13),                        // the TCP flags
    BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0x3f),                     // without ECE and CWR
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kTcpRst | kTcpAck, 0, 3),  // RST|ACK, else drop
    BPF_STMT(BPF_LD | BPF_W | BPF_IND, 4),                         // the sequence number
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),                  // 0, else drop
    BPF_STMT(BPF_RET | BPF_K, 256),                                // keep its headers
    BPF_STMT(BPF_RET | BPF_K, 0),
};

Fd OpenRaw(SocketProto proto) {
  int protocol = proto == SocketProto::kUdp ? IPPROTO_ICMP : IPPROTO_TCP;
  Fd fd(::socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol));
  if (!fd) return fd;  // no CAP_NET_RAW: nothing is watched
  bool ok;
  if (proto == SocketProto::kUdp) {
    icmp_filter only{~(1u << kIcmpDestUnreach)};  // a set bit drops that ICMP type
    ok = ::setsockopt(fd.get(), SOL_RAW, ICMP_FILTER, &only, sizeof only) == 0;
  } else {
    sock_fprog program{static_cast<unsigned short>(std::size(kRefusalsOnly)),
                       const_cast<sock_filter*>(kRefusalsOnly)};
    ok = ::setsockopt(fd.get(), SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) == 0;
  }
  if (!ok) fd.Reset();  // unfiltered, it would wake the grader for everything
  return fd;
}

}  // namespace

std::optional<StraySend> ParseUnreachable(const uint8_t* packet, size_t size) {
  size_t ip = HeaderLength(packet, size);
  if (ip == 0 || packet[9] != IPPROTO_ICMP || size < ip + 8) return std::nullopt;
  const uint8_t* icmp = packet + ip;
  if (icmp[0] != kIcmpDestUnreach || icmp[1] != kIcmpPortUnreach) return std::nullopt;
  // The quoted datagram: its IP header and at least the first 8 bytes after it (RFC 792).
  const uint8_t* quoted = icmp + 8;
  size_t left = size - ip - 8;
  size_t quoted_ip = HeaderLength(quoted, left);
  if (quoted_ip == 0 || quoted[9] != IPPROTO_UDP || left < quoted_ip + 4) return std::nullopt;
  StraySend s;
  s.proto = SocketProto::kUdp;
  s.to_address = Ipv4(quoted + 16);
  s.from_port = Be16(quoted + quoted_ip);
  s.to_port = Be16(quoted + quoted_ip + 2);
  if (left > quoted_ip + 8)
    s.payload.assign(reinterpret_cast<const char*>(quoted + quoted_ip + 8), left - quoted_ip - 8);
  return s;
}

std::optional<StraySend> ParseRefusal(const uint8_t* packet, size_t size) {
  size_t ip = HeaderLength(packet, size);
  if (ip == 0 || packet[9] != IPPROTO_TCP || size < ip + 20) return std::nullopt;
  const uint8_t* tcp = packet + ip;
  if ((tcp[13] & 0x3f) != (kTcpRst | kTcpAck) || Be32(tcp + 4) != 0) return std::nullopt;
  StraySend s;
  s.proto = SocketProto::kTcp;
  s.to_address = Ipv4(packet + 12);  // the refusal comes from where the SYN went
  s.to_port = Be16(tcp);
  s.from_port = Be16(tcp + 2);
  return s;
}

bool ProgramsSend(const StraySend& send, const std::vector<SocketInfo>& program_sockets,
                  bool own_namespace, const std::vector<uint16_t>& grader_ports) {
  // A name lookup's query to a resolver that is not there (127.0.0.53 on a namespace's
  // loopback) comes from the program's process, but the port is the C library's choice.
  if (send.proto == SocketProto::kUdp && send.to_port == kDnsPort) return false;
  for (const SocketInfo& s : program_sockets)
    if (s.proto == send.proto && s.local_port == send.from_port) return true;
  if (!own_namespace) return false;
  auto graders = [&](uint16_t port) {
    return std::find(grader_ports.begin(), grader_ports.end(), port) != grader_ports.end();
  };
  return !graders(send.from_port) && !graders(send.to_port);
}

StraySendWatch::StraySendWatch(EventLoop& loop, SocketProto proto,
                               std::function<bool(const StraySend&)> is_programs)
    : loop_(loop), proto_(proto), is_programs_(std::move(is_programs)), fd_(OpenRaw(proto)) {
  if (fd_) loop_.Watch(fd_.get(), POLLIN, [this](short) { Read(); });
}

StraySendWatch::~StraySendWatch() {
  if (fd_) loop_.Unwatch(fd_.get());
}

void StraySendWatch::Read() {
  uint8_t packet[512];
  for (;;) {
    ssize_t n = ::recv(fd_.get(), packet, sizeof packet, 0);
    if (n < 0) return;  // EAGAIN: all read (a raw socket has no other error worth a retry)
    std::optional<StraySend> s = proto_ == SocketProto::kUdp
                                     ? ParseUnreachable(packet, static_cast<size_t>(n))
                                     : ParseRefusal(packet, static_cast<size_t>(n));
    if (!s || seen_.size() >= kKept || !is_programs_(*s)) continue;
    if (std::find(seen_.begin(), seen_.end(), *s) == seen_.end()) seen_.push_back(*s);
  }
}

std::unique_ptr<StraySendWatch> WatchClientSends(
    EventLoop& loop, SocketProto proto, bool own_namespace, uint16_t given,
    std::vector<uint16_t> grader_ports, std::function<std::vector<pid_t>()> pids,
    std::function<void(const std::string& payload)> lost) {
  if (!own_namespace && proto == SocketProto::kTcp) return nullptr;
  return std::make_unique<StraySendWatch>(
      loop, proto,
      [=, grader_ports = std::move(grader_ports), pids = std::move(pids),
       lost = std::move(lost)](const StraySend& s) {
        // In its own namespace all that is not the grader's is the program's: its sockets
        // are not read (it may have closed them already). Elsewhere, only the port it came
        // from is looked at (the kernel's table of that port, not all of /proc's).
        auto programs = [&](const StraySend& send) {
          std::vector<SocketInfo> sockets;
          if (!own_namespace) sockets = ProgramSocketsOn(pids(), send.proto, send.from_port);
          return ProgramsSend(send, sockets, own_namespace, grader_ports);
        };
        if (s.to_port != given) return programs(s);
        // To the port it was given, closed: the peer was stopped. Not a stray send, a loss;
        // whose it is is asked as if it went elsewhere (the given port is the grader's).
        StraySend elsewhere = s;
        elsewhere.to_port = 0;
        if (lost && s.proto == SocketProto::kUdp && programs(elsewhere)) lost(s.payload);
        return false;
      });
}

std::unique_ptr<StraySendWatch> WatchServerAnswers(EventLoop& loop, uint16_t port) {
  return std::make_unique<StraySendWatch>(
      loop, SocketProto::kUdp, [port](const StraySend& s) { return s.from_port == port; });
}

}  // namespace netgrade::observe
