#include "harness/check/udp_timeout.h"

#include <fmt/core.h>

#include <string>

#include "harness/check/advice.h"

namespace netgrade::check {
namespace {

// A threshold as the texts say it: "1.5 s" (the default), "3.0 s" when scaled by 2.
std::string Seconds(std::chrono::milliseconds d) {
  return fmt::format("{:.1f} s", static_cast<double>(d.count()) / 1000);
}

}  // namespace

Finding CheckStallAfterDrop(const observe::Observation& obs) {
  if (!obs.stalled_after_drop) return Finding::Ok();
  const std::string& name = obs.program.display_name;
  // A client of its input lines sends the lost line again; a program that makes its own
  // messages (a pinger) is only told to stop waiting.
  const bool resend = obs.test != nullptr && SendsInputLines(*obs.test);
  if (obs.waits_too_long)
    return Finding{
        Code::kNoUdpTimeout,
        fmt::format(
            "{} waits longer than the 1 s the exercise allows: {} was dropped on purpose (as a "
            "real network does), and it sent nothing more for {}{}. Wait at most 1 s for "
            "an answer (sock.settimeout(1.0)){}.",
            name, obs.dropped_what, Seconds(obs.stall_after),
            obs.blocked_in.empty()
                ? ""
                : " (it was waiting in " + obs.blocked_in + "() with a longer timeout)",
            resend ? " and then send the line again" : ", then go on as the exercise says")};
  std::string lost = fmt::format(
      "{} waited for an answer that was lost ({} was dropped on "
      "purpose, as a real network does)",
      name, obs.dropped_what);
  std::string what;
  if (obs.timeout_unseen)
    what = fmt::format(
        "No timeout, or one that waits longer than the 1 s the exercise allows (netgrade "
        "cannot see which here): {} and sent nothing more for {}.",
        lost, Seconds(obs.stall_after));
  else if (!obs.at_rest_in.empty())
    what = fmt::format(
        "No timeout: {}; it is blocked in {}() with no timeout, so nothing will wake it to send "
        "again.",
        lost, obs.at_rest_in);
  else
    what = fmt::format("No timeout: {}{} and sent nothing more for {}.", lost,
                       obs.blocked_in.empty() ? "" : "; it is blocked in " + obs.blocked_in + "()",
                       Seconds(obs.stall_after));
  return Finding{Code::kNoUdpTimeout,
                 what + (resend ? " Set a timeout on the socket (sock.settimeout(1.0)) and send "
                                  "the line again when it expires."
                                : " Set a timeout on the socket (sock.settimeout(1.0)) so that "
                                  "the wait ends when no answer comes, then go on as the "
                                  "exercise says.")};
}

}  // namespace netgrade::check
