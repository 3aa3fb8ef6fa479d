#include "harness/run/rest_watch.h"

#include "harness/observe/proc_sockets.h"
#include "harness/observe/sock_diag.h"
#include "harness/observe/waiting.h"

namespace netgrade::run {

std::optional<std::string> RestingCall(const std::vector<pid_t>& pids) {
  std::optional<std::string> call = observe::Resting(pids);
  if (!call || observe::ProgramInputPending(pids)) return std::nullopt;
  return call;
}

RestWatch::~RestWatch() {
  if (look_timer_) loop_.Cancel(look_timer_);
}

std::optional<std::string> RestWatch::Look(size_t mark,
                                           const std::function<std::vector<pid_t>()>& pids,
                                           const std::function<void()>& every_look) {
  if (!look_timer_) {
    look_timer_ = loop_.Look(loop_.Now() + kRestLook, [this] { look_timer_ = 0; });
    every_look();
  }
  if (mark != mark_ || loop_.actions_pending() > 0) {
    mark_ = mark;
    since_.reset();
    return std::nullopt;
  }
  std::optional<std::string> call = RestingCall(pids());
  if (!call) {
    since_.reset();
    return std::nullopt;
  }
  if (!since_) since_ = loop_.Now();
  if (loop_.Now() - *since_ < rest_for_) return std::nullopt;
  return call;
}

}  // namespace netgrade::run
