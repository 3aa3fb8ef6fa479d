// A TCP proxy on loopback that reshapes the byte stream the way real networks may: slices
// it into tiny writes (down to one byte, also inside a multi-byte UTF-8 character), merges
// writes, delays them, or resets the connection after N bytes. A slice is sent only once
// the receiver has read the previous one (its receive queue, asked of the kernel, is empty), so
// each recv() of the receiver returns exactly one slice: observed, not timed.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "harness/base/address.h"
#include "harness/base/event_loop.h"
#include "harness/plan/fault_plan.h"
#include "harness/proxy/transcript.h"
#include "harness/proxy/udp_proxy.h"

namespace netgrade::proxy {

class TcpProxy {
 public:
  TcpProxy(EventLoop& loop, const ProxyOptions& options);
  ~TcpProxy();
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  uint16_t port() const { return listen_address_.port(); }
  const Transcript& transcript() const { return transcript_; }
  // The address the first client connected to ("" before one did).
  const std::string& dialled() const { return dialled_; }
  Transcript& transcript() { return transcript_; }
  // Connections reset at once because peers::kMostConnections had been accepted.
  size_t refused_connections() const { return refused_; }
  // Whether a connection from `source` (host:port) is one of this proxy's upstream ones.
  bool Opened(const Address& source) const;

  struct Pair;
  struct Direction;

 private:
  void Accept();
  void OnEvent(Pair* pair, bool from_client, short revents);
  void Read(Pair* pair, Direction& d);
  // The fast path: a write with no fault and nothing queued before it goes straight on,
  // uncopied. False when it must be queued (Enqueue) instead.
  bool SendNow(Pair* pair, Direction& d, int index, const char* data, size_t size);
  // coalesce: keeps a write to merge with those that follow, and sets the flush timer.
  void Hold(Pair* pair, Direction& d, int index, const char* data, size_t size);
  // coalesce: sends what is held as one write.
  void Flush(Pair* pair, Direction& d, const std::string& why);
  // Queues a write to go (now, or after the plan's delay), and says so in the transcript.
  void Enqueue(Pair* pair, Direction& d, int index, std::string chunk, Action kind,
               std::string action);
  void Pump(Pair* pair, Direction& d);
  bool ReceiverHasUnread(const Direction& d) const;
  void Reset(Pair* pair, Direction& d);
  void Close(Pair* pair);
  void UpdateEvents(Pair* pair);

  EventLoop& loop_;
  ProxyOptions options_;
  Fd listen_fd_;
  Address listen_address_;
  std::vector<std::unique_ptr<Pair>> pairs_;
  std::vector<uint64_t> timers_;
  Transcript transcript_;
  std::string dialled_;
  size_t accepted_ = 0, refused_ = 0;
  std::set<std::string> own_;  // the local address of every upstream connection it opened
};

// The receive queue of the TCP socket bound to `local` and connected to `remote`, in this
// thread's network namespace: looked up by the kernel (base/sock_diag.h, a hash lookup), or
// from /proc/net/tcp where sock_diag is refused; -1 when not found.
long ReceiveQueue(const Address& local, const Address& remote);

}  // namespace netgrade::proxy
