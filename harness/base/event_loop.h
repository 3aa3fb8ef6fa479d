// One poll()-based loop drives a case: pipes of the student's program, the reference peer's
// sockets, the proxy and deadlines. Single-threaded; callbacks run inside Run*().
#pragma once

#include <poll.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <unordered_map>
#include <vector>

#include "harness/base/clock.h"

namespace netgrade {

// Time moved by hand, for tests of timing rules: a loop given one never waits in real time
// (its poll() returns at once), and its timers fire when the test has moved the clock past them.
class ManualClock {
 public:
  TimePoint now() const { return now_; }
  void Advance(Clock::duration d) { now_ += d; }

 private:
  TimePoint now_ = Clock::now();
};

class EventLoop {
 public:
  using FdCallback = std::function<void(short revents)>;
  using TimerCallback = std::function<void()>;

  // clock: nullptr for the steady clock (always, but in tests of timing rules).
  explicit EventLoop(const ManualClock* clock = nullptr) : clock_(clock) {}
  // The time by the loop's clock: what timers are set against and what rules that measure
  // time (a stall after a drop, a held datagram's bound) compare with.
  TimePoint Now() const { return clock_ != nullptr ? clock_->now() : Clock::now(); }

  // Calls cb with poll's revents whenever fd is ready for events (POLLIN, POLLOUT, ...).
  // Watching an fd again replaces its events and callback.
  void Watch(int fd, short events, FdCallback cb);
  // The same for a descriptor whose traffic is nothing of the program's (a kernel flow beside
  // it): AnyWatchedReady() does not count it.
  void WatchAside(int fd, short events, FdCallback cb);
  // Changes the events of a watched fd; events 0 pauses it.
  void SetEvents(int fd, short events);
  // Safe inside a callback; the fd's callback is not called again.
  void Unwatch(int fd);

  // Calls cb once at `when`. Returns an id for Cancel.
  uint64_t At(TimePoint when, TimerCallback cb);
  // The same for a timer that only looks (at /proc, at the program's sockets) and changes
  // nothing the program could see: it does not count in actions_pending().
  uint64_t Look(TimePoint when, TimerCallback cb);
  void Cancel(uint64_t id);
  // Timers set with At that have not fired: something still due to happen (a peer's next
  // write, a proxy's delayed datagram, a connection's close).
  size_t actions_pending() const { return actions_pending_; }
  // Whether a watched descriptor is ready now (one poll, no wait): something has come that
  // no callback has handled yet (a connection the proxy has not accepted, a reply it has not
  // read). Nothing is dispatched.
  bool AnyWatchedReady() const;

  // Waits for one round of events or timers, at most until `limit` (TimePoint::max(): no
  // limit), and dispatches them.
  void RunOnce(TimePoint limit);
  // Runs rounds until done() is true (checked after every round) or `deadline` passes.
  // Returns done().
  bool RunUntil(const std::function<bool()>& done, TimePoint deadline);

 private:
  struct Watched {
    short events;
    FdCallback cb;
    uint64_t generation;  // a re-used descriptor number is a new watch
    bool aside = false;   // WatchAside
  };
  const ManualClock* clock_;
  uint64_t next_generation_ = 1;
  std::map<int, Watched> fds_;
  uint64_t Add(TimePoint when, TimerCallback cb, bool look);

  std::map<std::pair<TimePoint, uint64_t>, TimerCallback> timers_;
  std::unordered_map<uint64_t, std::pair<TimePoint, bool>> pending_;  // id -> when, a look
  size_t actions_pending_ = 0;
  uint64_t next_timer_id_ = 1;

  // The poll set of a round, kept from round to round: no allocation per round on the
  // proxy's path. A round run from inside a callback (nested) uses its own.
  std::vector<pollfd> pfds_;
  std::vector<uint64_t> generations_;
  int depth_ = 0;
};

}  // namespace netgrade
