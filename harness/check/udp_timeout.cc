#include "harness/check/udp_timeout.h"

#include <fmt/core.h>

#include <string>

#include "harness/base/text.h"
#include "harness/check/advice.h"
#include "harness/check/language_words.h"

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
  // How it was lost: the plan's drop, or sent while the server was stopped (named by its
  // text: the student knows which line that was).
  const bool closed = !obs.lost_to_closed_port.empty();
  // The datagram lost to the closed port was one of its input lines: that line goes again.
  const bool resend =
      obs.test != nullptr &&
      (SendsInputLines(*obs.test) || (closed && ResendsLine(*obs.test, obs.lost_to_closed_port)));
  const Phrase cause =
      closed ? Say("its datagram {} was sent while the server was stopped, and "
                   "met a closed port: lost, as on a real network",
                   Quote(obs.lost_to_closed_port, 80))
             : Say("{} was dropped on purpose, as a real network does", obs.dropped_what);
  if (obs.waits_too_long)
    return Finding{
        .code = Code::kNoUdpTimeout,
        .cause = Say(
            "{} waits longer than the 1 s the exercise allows: {}, and it sent nothing more for "
            "{}{}.",
            name, cause, Seconds(obs.stall_after),
            obs.blocked_in.empty()
                ? Phrase("")
                : Say(" (it was waiting in {}() with a longer timeout)", obs.blocked_in)),
        .fix = Say("Wait at most 1 s for an answer ({}){}.", TimeoutCall(obs.program.program_path),
                   resend ? " and then send the line again" : ", then go on as the exercise says")};
  // Its own datagram lost: no answer was ever made, so none was lost.
  Phrase lost = Say("{} waited for an answer that {} ({})", name,
                    obs.own_datagram_lost ? "could not come" : "was lost", cause);
  Phrase what;
  if (obs.timeout_unseen)
    what =
        Say("No timeout, or one that waits longer than the 1 s the exercise allows (netgrade "
            "cannot see which here): {} and sent nothing more for {}.",
            lost, Seconds(obs.stall_after));
  else if (const std::string& call = obs.at_rest_in.empty() ? obs.blocked_in : obs.at_rest_in;
           !call.empty())
    // Seen at rest, or seen at the stall's deadline blocked in a call whose socket has no
    // timeout: the same fact, whichever the load let the grader see first.
    what = Say(
        "No timeout: {}; it is blocked in {}() with no timeout, so nothing will wake it to send "
        "again.",
        lost, call);
  else
    what = Say("No timeout: {} and sent nothing more for {}.", lost, Seconds(obs.stall_after));
  const std::string call = TimeoutCall(obs.program.program_path);
  return Finding{.code = Code::kNoUdpTimeout,
                 .cause = what,
                 .fix = resend ? Say("Set a timeout on the socket ({}) and send the line "
                                     "again when it expires.",
                                     call)
                               : Say("Set a timeout on the socket ({}) so that the wait "
                                     "ends when no answer comes, then go on as the "
                                     "exercise says.",
                                     call)};
}

}  // namespace netgrade::check
