#include "harness/kinds/sockets/lost_datagrams.h"

#include <fmt/core.h>

#include <algorithm>

#include "harness/base/text.h"
#include "harness/check/advice.h"
#include "harness/check/causes.h"

namespace netgrade::sockets {

using namespace check;  // the checks every kind shares, which these build on
namespace {

// A reference sender (peer.await) that never got one answer, from a receiver that printed
// what came: its answers went elsewhere (a port written in the program).
Finding AcksNeverArrived(const observe::Observation& obs, const Finding& content) {
  if (!obs.role->listens || !obs.test->peer.await || obs.stdout_text.empty() ||
      !std::all_of(obs.connections.begin(), obs.connections.end(),
                   [](const peers::ConnectionLog& l) { return l.datagrams.empty(); }))
    return Finding::Ok();
  return Finding{
      .code = Code::kReplyToFixedAddress,
      .cause = check::Say("{} printed what came, but no ack ever reached the sender, so it sent "
                          "its first line again and again and never went on.",
                          obs.program.display_name),
      .fix =
          "Send each ack to the address recvfrom() returned with the datagram (sock.sendto(ack, "
          "address)), not to a port or host written in the program.",
      .difference = content.difference};
}

// Acks computed from what was sent (peer.matches), one of them duplicated or late: a program
// that went on without resending took that extra ack for the ack of its next message.
Finding ExtraAckTakenForTheNext(const observe::Observation& obs, const Finding& content) {
  const spec::DirectionFaults& back = obs.test->faults.to_student;
  if (!obs.test->peer.matches || (back.duplicate.empty() && back.late.empty()))
    return Finding::Ok();
  return Finding{
      .code = Code::kMissingMessage,
      .cause = check::Say("{} never sent {} again: an ack came twice here (the network "
                          "duplicated it or delivered it late), and {} took the extra copy, the "
                          "ack of the message before, for the ack of {}.",
                          obs.program.display_name, Quote(obs.dropped_not_resent.front()),
                          obs.program.display_name, Quote(obs.dropped_not_resent.front())),
      .fix =
          "Check the SEQ in every ack: ignore an ack whose SEQ is not the one you sent, and "
          "keep waiting (then send again).",
      .difference = content.difference};
}

// A datagram or its answer was lost and the program did not send it again after its timeout.
Finding NotSentAgain(const observe::Observation& obs, const Finding& content) {
  return Finding{
      .code = Code::kMissingMessage,
      .cause = check::Say(
          "{} did not send {} again after its timeout: the datagram or its answer was lost "
          "(dropped on purpose, as a real network does), and UDP does not send anything "
          "again by itself.",
          obs.program.display_name, Quote(obs.dropped_not_resent.front())),
      .fix = !ResendsLine(*obs.test, obs.dropped_not_resent.front())
                 ? "When no answer comes within its timeout, the program must send the message "
                   "again."
             : PrintsTimedOut(*obs.spec)
                 ? "When no answer comes within 1 s, send the same line again (up to 3 sends, "
                   "then print \"timed out\")."
                 : "When no answer comes within 1 s, send the same line again.",
      .difference = content.difference};
}

}  // namespace

Finding ExplainByLostDatagrams(const observe::Observation& obs, const Finding& content,
                               bool own_check, const check::SocketTerms& terms) {
  if (content.ok()) return Finding::Ok();
  if (Finding f = AcksNeverArrived(obs, content); !f.ok()) return f;
  if (own_check || obs.dropped_not_resent.empty() || !CrashOf(obs, terms).ok())
    return Finding::Ok();
  if (Finding f = ExtraAckTakenForTheNext(obs, content); !f.ok()) return f;
  return NotSentAgain(obs, content);
}

}  // namespace netgrade::sockets
