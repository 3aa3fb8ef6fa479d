// Whether a case's program is at rest: every thread blocked with no timer of its own, nothing
// waiting to be read on any of its sockets, nothing due from the peer or the proxy (no timer
// that acts pending on the loop) and nothing new printed, sent or received for rest_for.
// Nothing can wake it any more, so what it did is final: the case ends then instead of at its
// timeout.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/event_loop.h"

namespace netgrade::run {

// How often the program is looked at while the case runs (a timer that only looks).
inline constexpr auto kRestLook = std::chrono::milliseconds(50);

// The call the program's first thread waits in ("recvfrom", "accept"...) when every thread of
// `pids` is blocked with no timer of its own and nothing waits to be read on its sockets;
// nullopt otherwise. One look: RestWatch requires it to last.
std::optional<std::string> RestingCall(const std::vector<pid_t>& pids);

class RestWatch {
 public:
  RestWatch(EventLoop& loop, Clock::duration rest_for) : loop_(loop), rest_for_(rest_for) {}
  ~RestWatch();
  RestWatch(const RestWatch&) = delete;
  RestWatch& operator=(const RestWatch&) = delete;

  // Looked at whenever the runner asks whether the case is settled. `mark` changes with every
  // activity (output, traffic); `pids` gives the program's processes. The call it rests in, once
  // it has rested rest_for; nullopt before. `every_look` runs at most once per kRestLook, and
  // the loop is woken that often while the case runs.
  std::optional<std::string> Look(size_t mark, const std::function<std::vector<pid_t>()>& pids,
                                  const std::function<void()>& every_look);

 private:
  EventLoop& loop_;
  Clock::duration rest_for_;
  uint64_t look_timer_ = 0;
  size_t mark_ = 0;
  std::optional<TimePoint> since_;
};

}  // namespace netgrade::run
