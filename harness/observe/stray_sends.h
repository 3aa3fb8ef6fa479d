// Where a client or sender sent what never reached the reference peer: datagrams to a port
// where nothing listens, connections refused there. Most course code has its port written
// in it (12000, the textbook's); such a program is told the port it used, at once, instead
// of "it never sent a datagram".
//
// How it is seen, and why so. The kernel answers a datagram to a closed port with an ICMP
// "port unreachable" that quotes the datagram's UDP header, and a SYN to a closed port with
// a RST|ACK whose sequence number is 0; a raw socket (CAP_NET_RAW: root in the case's own
// namespace, and in Docker's default capabilities) receives both, before anyone else
// handles them, with both ports. The alternatives do less: sock_diag shows a UDP socket's
// remote port only if it was connect()ed (most course code uses sendto()), /proc/net/snmp
// only counts, and a raw IPPROTO_UDP socket would wake the grader for every datagram of
// every case sharing its loopback. These replies come only for the mistake (nothing listens
// there), and none of the grader's own traffic causes them while a case runs.
//
// Whose they are (ProgramsSend): in the case's own namespace, everything not from or to
// one of the grader's ports is the program's. On a shared loopback (no namespaces), only
// what came from a port the program's sockets hold when the reply is read: other cases'
// traffic is never taken for the program's, at the price of missing a send from a socket
// closed at once (a refused TCP connect() frees its port, so there it is never seen).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/base/fd.h"
#include "harness/observe/proc_sockets.h"
#include "harness/observe/stray_send.h"

namespace netgrade::observe {

// An IPv4 packet as a raw socket returns it (from its IP header on): an ICMP port
// unreachable about a UDP datagram, as the datagram it quotes; nullopt for anything else.
std::optional<StraySend> ParseUnreachable(const uint8_t* packet, size_t size);
// An IPv4 packet holding a TCP segment: a refusal (RST|ACK, sequence 0: the kernel's answer
// to a SYN where nothing listens), as the connection attempt it refuses; nullopt otherwise.
std::optional<StraySend> ParseRefusal(const uint8_t* packet, size_t size);

// Whether `send` is the program's: from a port one of `program_sockets` holds (of its
// protocol); in the case's own namespace also anything neither from nor to a grader's port.
// Never a DNS query (UDP port 53): the resolver's port, not one the program chose.
bool ProgramsSend(const StraySend& send, const std::vector<SocketInfo>& program_sockets,
                  bool own_namespace, const std::vector<uint16_t>& grader_ports);

class StraySendWatch {
 public:
  // Watches the calling thread's network namespace for refusals of `proto`; `is_programs`
  // decides at once, when a refusal is read, whether it answers the program (see
  // ProgramsSend). Without CAP_NET_RAW it watches nothing: available() is false.
  StraySendWatch(EventLoop& loop, SocketProto proto,
                 std::function<bool(const StraySend&)> is_programs);
  ~StraySendWatch();
  StraySendWatch(const StraySendWatch&) = delete;
  StraySendWatch& operator=(const StraySendWatch&) = delete;

  bool available() const { return fd_.valid(); }
  // The program's stray sends, in order, the same one once (at most kKept).
  const std::vector<StraySend>& seen() const { return seen_; }
  static constexpr size_t kKept = 16;

 private:
  void Read();

  EventLoop& loop_;
  SocketProto proto_;
  std::function<bool(const StraySend&)> is_programs_;
  Fd fd_;
  std::vector<StraySend> seen_;
};

// The watch of a client or sender, opened in the calling thread's namespace: its sends to
// ports other than `given` (the port it was given: another host's, not a port's fault), by
// ProgramsSend; `pids` lists its processes, read only on a shared loopback. nullptr where
// nothing could be told (TCP on a shared loopback: a refused connect() frees its port).
// `lost`, if set, is told each of the program's UDP datagrams that met `given` closed (the
// reference peer stopped by its script): a datagram lost, with what it carried.
std::unique_ptr<StraySendWatch> WatchClientSends(
    EventLoop& loop, SocketProto proto, bool own_namespace, uint16_t given,
    std::vector<uint16_t> grader_ports, std::function<std::vector<pid_t>()> pids,
    std::function<void(const std::string& payload)> lost = nullptr);
// The watch of a UDP server: its answers to ports where nothing listens, from the port it
// listens on (`port`), which no other program holds.
std::unique_ptr<StraySendWatch> WatchServerAnswers(EventLoop& loop, uint16_t port);

}  // namespace netgrade::observe
