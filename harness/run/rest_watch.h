// Whether a case's program is at rest (run/settle_rules.h, RestRule): every thread blocked
// with no timer of its own due before the case's deadline, nothing waiting to be read where
// it waits, nothing due from the peer or the proxy (no timer that acts pending on the loop).
// Nothing can wake it any more before the case ends, so what it did is final: the case ends
// then, a few milliseconds after it came to rest, instead of at its timeout.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/run/settle_rules.h"

namespace netgrade::run {

// The longest the program goes unlooked at while the case runs (a timer that only looks).
// After anything happens it is looked at sooner: kFirstRestLook, then twice as long each time.
inline constexpr auto kRestLook = std::chrono::milliseconds(50);
inline constexpr auto kFirstRestLook = std::chrono::milliseconds(1);
// The second look that confirms a rest: the loop has gone round, and the kernel delivered what
// was on its way (loopback delivers within the sender's call; between two hosts' namespaces
// WatchBetweenHosts says).
inline constexpr auto kRestConfirm = std::chrono::milliseconds(2);

// The call the program's first thread waits in ("recvfrom", "accept"...) when every thread of
// `pids` is blocked with no timer of its own and nothing waits to be read where it waits
// (LookAtRest: a client left unaccepted while the program reads another is no wake-up);
// nullopt otherwise. One look, with no deadline: any timer counts.
std::optional<std::string> RestingCall(const std::vector<pid_t>& pids);

// One look for RestRule: the threads of `pids`, and whether input is ready where they wait
// (on the descriptors they wait on when each is known, else on any of their sockets).
RestSight LookAtRest(const std::vector<pid_t>& pids);

class RestWatch {
 public:
  RestWatch(EventLoop& loop, TimePoint since)
      : loop_(loop), rule_(since, kRestConfirm), every_look_at_(since) {}
  ~RestWatch();
  RestWatch(const RestWatch&) = delete;
  RestWatch& operator=(const RestWatch&) = delete;

  // Looked at whenever the runner asks whether the case is settled. `mark` changes with every
  // activity (output, traffic); `pids` gives the program's processes; `deadline` is the
  // case's. The call it rests in, once rest is confirmed; nullopt before. The program itself
  // is read only when a look is due (the loop is woken for it); `every_look` runs at most once
  // per kRestLook.
  std::optional<std::string> Look(size_t mark, const std::function<std::vector<pid_t>()>& pids,
                                  TimePoint deadline, const std::function<void()>& every_look);
  // A packet on its way to the program from the peer's host (two hosts): no rest meanwhile.
  void WatchBetweenHosts(std::function<bool(TimePoint)> pending) {
    between_hosts_ = std::move(pending);
  }
  // Since when the program is seen at rest (after Look gave a call).
  std::optional<TimePoint> since() const { return rule_.since(); }

 private:
  void Arm(TimePoint when);

  EventLoop& loop_;
  RestRule rule_;
  uint64_t look_timer_ = 0;
  bool due_ = true;
  std::optional<size_t> mark_;
  Clock::duration interval_ = kFirstRestLook;
  TimePoint every_look_at_;
  std::function<bool(TimePoint)> between_hosts_;
};

}  // namespace netgrade::run
