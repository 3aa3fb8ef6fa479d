// UDP client cases with drops: the two ways a client fails to recover from a lost datagram,
// read from the proxy. A client that waits forever (or too long) for a dropped answer shows
// as silence after the drop; one that never sends a lost line again shows in the transcript.
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

class UdpStallWatch {
 public:
  // live_pid: the client's main process, or 0 once it has exited. stall_after: how long a
  // client may stay silent after a drop before the case ends (Thresholds::stall_after_drop,
  // scaled by the run's multiplier).
  UdpStallWatch(EventLoop& loop, const proxy::UdpProxy& proxy, std::function<pid_t()> live_pid,
                std::chrono::milliseconds stall_after = Thresholds{}.stall_after_drop);
  ~UdpStallWatch();
  UdpStallWatch(const UdpStallWatch&) = delete;
  UdpStallWatch& operator=(const UdpStallWatch&) = delete;

  struct Stall {
    std::string dropped_what;  // "its datagram", "the server's answer"
    BlockedCall blocked;       // where the client was blocked then
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
  std::optional<TimePoint> LastDrop() const;

  EventLoop& loop_;
  const proxy::UdpProxy& proxy_;
  std::function<pid_t()> live_pid_;
  std::chrono::milliseconds stall_after_;
  uint64_t timer_ = 0;
  std::optional<Stall> stall_;
};

// Lines whose datagram (from the student) or answer (to it) the plan dropped, and which the
// student never sent again.
std::vector<std::string> DroppedNotResent(const proxy::Transcript& transcript);

}  // namespace netgrade::observe
