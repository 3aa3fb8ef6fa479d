// UDP client cases with drops: the two ways a client fails to recover from a lost datagram,
// read from the proxy. A client that waits forever (or too long) for a dropped answer shows
// as silence after the drop; one that never sends a lost line again shows in the transcript.
// A datagram can also be lost without a proxy: sent while the script had stopped the
// reference peer, it met a closed port (observe/stray_sends.h sees the kernel's ICMP); the
// same watch reads those losses (ClosedPortLosses).
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/base/thresholds.h"
#include "harness/observe/waiting.h"
#include "harness/proxy/udp_proxy.h"

namespace netgrade::observe {

// A lost datagram as the stall watch reads it.
struct Loss {
  TimePoint at;
  std::string what;  // Stall::dropped_what
  bool own = false;  // the program's own datagram (else the answer to it)
  // The datagram's text when it met a closed port (the peer stopped); "" for the plan's drops.
  std::string closed_port_text;
};

// Where losses come from: the proxy's plan (ProxyLosses) or a closed port (ClosedPortLosses).
struct LossFeed {
  std::function<std::optional<Loss>()> last;  // the latest loss, if any
  std::function<int()> sent_since;            // the student's datagrams since it
};

LossFeed ProxyLosses(const proxy::UdpProxy& proxy);

// The student's datagrams that met the reference peer's port closed, told by the stray-send
// watch as they come; `delivered` counts the datagrams the peer received, so that a resend
// after the peer is back shows as one sent since the loss.
class ClosedPortLosses {
 public:
  ClosedPortLosses(EventLoop& loop, std::function<size_t()> delivered)
      : loop_(loop), delivered_(std::move(delivered)) {}
  void Lost(const std::string& payload);
  LossFeed Feed() const;

 private:
  EventLoop& loop_;
  std::function<size_t()> delivered_;
  std::optional<Loss> last_;
  size_t delivered_then_ = 0;
};

class UdpStallWatch {
 public:
  UdpStallWatch(EventLoop& loop, LossFeed feed, std::function<pid_t()> live_pid,
                std::chrono::milliseconds stall_after = Thresholds{}.stall_after_drop);
  // live_pid: the client's main process, or 0 once it has exited. stall_after: how long a
  // client may stay silent after a drop before the case ends (Thresholds::stall_after_drop,
  // scaled by the run's multiplier).
  UdpStallWatch(EventLoop& loop, const proxy::UdpProxy& proxy, std::function<pid_t()> live_pid,
                std::chrono::milliseconds stall_after = Thresholds{}.stall_after_drop);
  ~UdpStallWatch();
  UdpStallWatch(const UdpStallWatch&) = delete;
  UdpStallWatch& operator=(const UdpStallWatch&) = delete;

  struct Stall {
    std::string dropped_what;      // "its datagram", "the server's answer"
    bool own_lost = false;         // Loss::own: no answer was ever made
    BlockedCall blocked;           // where the client was blocked then
    std::string closed_port_text;  // Loss::closed_port_text
  };
  // Set stall_after into the silence after the last drop (looked at then exactly, and
  // every 50 ms for new drops).
  const std::optional<Stall>& stall() const { return stall_; }
  // The client was seen at rest (blocked with no timer of its own, nothing on its way to it):
  // nothing will make it send again, so silence after a drop is a stall now, without waiting
  // out stall_after. True when that made stall() set.
  bool SettleAtRest(pid_t pid);

 private:
  void Schedule();
  // Sets stall() unless the client waits for its input rather than for an answer.
  bool Stalled(const Loss& loss, pid_t pid);

  EventLoop& loop_;
  LossFeed feed_;
  std::function<pid_t()> live_pid_;
  std::chrono::milliseconds stall_after_;
  uint64_t timer_ = 0;
  std::optional<Stall> stall_;
};

// Whether `blocked` (of process `pid`) reads something other than a socket: its standard
// input, a pipe, a file (descriptor 0 where /proc/<pid>/fd cannot be read).
bool WaitsForInput(pid_t pid, const BlockedCall& blocked);

// Lines whose datagram (from the student) or answer (to it) the plan dropped, and which the
// student never sent again.
std::vector<std::string> DroppedNotResent(const proxy::Transcript& transcript);

}  // namespace netgrade::observe
