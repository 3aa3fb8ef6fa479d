#include "harness/run/rest_watch.h"

#include <algorithm>
#include <map>

#include "harness/base/in_flight.h"
#include "harness/observe/proc_sockets.h"
#include "harness/observe/sock_diag.h"
#include "harness/observe/thread_waits.h"
#include "harness/observe/waiting.h"

namespace netgrade::run {

std::optional<std::string> RestingCall(const std::vector<pid_t>& pids) {
  std::optional<std::string> call = observe::Resting(pids);
  if (!call || LookAtRest(pids).in_flight) return std::nullopt;
  return call;
}

RestSight LookAtRest(const std::vector<pid_t>& pids) {
  RestSight sight;
  sight.threads = observe::ThreadWaits(pids);
  // Input matters only to a program that waits: a running one is not at rest anyway.
  bool waiting = !sight.threads.empty() &&
                 std::all_of(sight.threads.begin(), sight.threads.end(),
                             [](const observe::ThreadWait& t) { return !t.call.empty(); });
  if (!waiting) return sight;
  // What each process waits on. Input elsewhere (a connection it accepted and never reads
  // while it waits in accept()) wakes nothing: it stays unread until the case ends.
  std::map<pid_t, std::vector<int>> fds;
  bool known = true;
  for (const observe::ThreadWait& t : sight.threads) {
    known = known && t.fds_known;
    std::vector<int>& mine = fds[t.pid];
    mine.insert(mine.end(), t.fds.begin(), t.fds.end());
  }
  if (known) {
    for (auto& [pid, list] : fds) {
      std::optional<bool> ready = observe::AnyReady(pid, list);
      if (!ready) {
        known = false;
        break;
      }
      if (*ready) {
        sight.in_flight = true;
        return sight;
      }
    }
  }
  if (!known) sight.in_flight = observe::ProgramInputPending(pids);
  // What it wrote and the kernel still holds (Nagle) is on its way to the grader.
  if (!sight.in_flight) sight.in_flight = observe::ProgramOutputPending(pids);
  return sight;
}

RestWatch::~RestWatch() {
  if (look_timer_) loop_.Cancel(look_timer_);
}

void RestWatch::Arm(TimePoint when) {
  if (look_timer_) loop_.Cancel(look_timer_);
  look_timer_ = loop_.Look(when, [this] {
    look_timer_ = 0;
    due_ = true;
  });
}

std::optional<std::string> RestWatch::Look(size_t mark,
                                           const std::function<std::vector<pid_t>()>& pids,
                                           TimePoint deadline,
                                           const std::function<void()>& every_look) {
  TimePoint now = loop_.Now();
  if (now - every_look_at_ >= kRestLook) {
    every_look_at_ = now;
    every_look();
  }
  if (mark_ != mark) {
    // Something happened: the program is looked at again soon, and sooner than kRestLook.
    mark_ = mark;
    rule_.Reset();
    interval_ = kFirstRestLook;
    Arm(now + interval_);
    due_ = false;
    return std::nullopt;
  }
  if (!due_) {
    if (!look_timer_) Arm(now + interval_);
    return std::nullopt;
  }
  due_ = false;
  RestSight sight;
  sight.mark = mark;
  // Still in the kernel's backlog between a sender and its receiver (a loaded machine; between
  // two hosts' namespaces, counted), or come to the peer or the proxy and not yet handled (the
  // proxy's connection to the peer on its way, under load, when the program rests in recv()),
  // or due from them: the program itself is not looked at then.
  if (!NothingBetween(loop_) || (between_hosts_ && between_hosts_(now))) {
    sight.in_flight = true;
  } else {
    RestSight seen = LookAtRest(pids());
    sight.threads = std::move(seen.threads);
    sight.in_flight = seen.in_flight;
  }
  switch (rule_.Look(now, deadline, sight)) {
    case RestRule::Says::kAtRest:
      return rule_.call();
    case RestRule::Says::kConfirm:
      Arm(rule_.confirm_at());
      return std::nullopt;
    case RestRule::Says::kNo:
      interval_ = std::min<Clock::duration>(interval_ * 2, kRestLook);
      Arm(now + interval_);
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace netgrade::run
