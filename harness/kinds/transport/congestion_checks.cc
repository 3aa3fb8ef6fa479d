// The checks of a sender that chooses its own window (traffic.h): what it sent again, how its
// timeout backed off, the queue it kept, and the cause of a slow transfer or a standing queue
// in the window's terms (congestion.h reads them from the record).
#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "harness/kinds/transport/codes.h"
#include "harness/kinds/transport/congestion.h"
#include "harness/kinds/transport/traffic.h"

namespace netgrade::transport {
namespace {

using check::Code;
using check::Finding;

double Ms(Micros t) { return t.count() / 1000.0; }

// The packets that fill the link's bandwidth-delay product (0: no rate).
size_t FillingWindow(const Evidence& e) {
  const double bytes = e.format.header_size() + e.format.payload_max + kIpUdpOverhead;
  return e.out_rate_bps > 0
             ? static_cast<size_t>(std::lround(e.out_rate_bps * e.base_rtt_ms / 1000 / 8 / bytes))
             : 0;
}

std::string Room(const Evidence& e) {
  const size_t bdp = FillingWindow(e);
  return bdp > 0 ? fmt::format(" A window of {} fills this link (its bandwidth-delay product).",
                               Packets(bdp))
                 : "";
}

}  // namespace

Micros FullRoundTrip(const Evidence& e) {
  // A queue with no bound (or no rate to drain it at): twice the round trip, a guess.
  const double ms = e.queue_full_ms > 0 ? e.base_rtt_ms + e.queue_full_ms : 2 * e.base_rtt_ms;
  return Micros{static_cast<int64_t>(std::llround(ms * 1000))};
}

Finding CheckCongestionResends(const observe::Observation& obs, const Evidence& e,
                               const spec::TransportExpect& x) {
  const std::string& program = obs.program.display_name;
  if (x.spurious_at_most) {
    const SpuriousReading s = ReadSpurious(e.format, *e.records);
    if (s.spurious >= 3 && s.spurious > *x.spurious_at_most * static_cast<double>(s.resends))
      return {.code = transport::Codes::kResendTooSoon,
              .cause = check::Say("{}'s timeout is shorter than the round trip: it sent packet {} "
                                  "again {:.1f} ms after its copy before, whose ACK took {:.1f} "
                                  "ms and was on its way back.",
                                  program, s.seq, Ms(s.gap), Ms(s.round_trip)),
              .evidence = fmt::format("{} of its {} resends were of packets the receiver had "
                                      "already acknowledged, the ACK not yet arrived; the round "
                                      "trip grows as the bottleneck's queue fills (up to {:.0f} "
                                      "ms here).",
                                      s.spurious, s.resends, Ms(FullRoundTrip(e))),
              .fix =
                  "Measure the round trip and set the timeout from it (RFC 6298: srtt + 4 "
                  "rttvar, at least 200 ms), not from a constant."};
  }
  if (x.backoff) {
    const BackoffReading b = ReadBackoff(e.format, *e.records);
    if (b.judged && !b.backs_off) {
      std::string gaps;
      for (Micros g : b.gaps) gaps += fmt::format("{}{:.0f}", gaps.empty() ? "" : ", ", Ms(g));
      return {.code = transport::Codes::kNoBackoff,
              .cause = check::Say("{} never backed off its timeout: it sent packet {} again and "
                                  "again, {} ms apart, with no ACK between.",
                                  program, b.seq, gaps),
              .evidence =
                  "When a timeout fires again for the same packet, the link is down or badly "
                  "congested: resending at the same pace adds to the load.",
              .fix =
                  "Double the timeout each time it fires (up to a minute), and go back to the "
                  "measured one when an ACK acknowledges something new."};
    }
  }
  return Finding::Ok();
}

Finding CheckQueueDelay(const observe::Observation& obs, const Evidence& e,
                        const spec::TransportExpect& x) {
  if (!x.queue_delay_at_most_ms) return Finding::Ok();
  const Micros from{x.queue_delay_from_ms * 1000};
  const std::optional<QueueReading> q = ReadQueue(e.format, *e.records, from);
  const Micros bound{*x.queue_delay_at_most_ms * 1000};
  if (!q || q->mean <= bound) return Finding::Ok();
  return {.code = transport::Codes::kStandingQueue,
          .cause = check::Say("{} kept a standing queue at the bottleneck: from {:.1f} s on, its "
                              "packets waited {:.0f} ms there on average; at most {} ms is "
                              "asked.",
                              obs.program.display_name, Ms(from) / 1000, Ms(q->mean),
                              *x.queue_delay_at_most_ms),
          .evidence = fmt::format("{} packets crossed from then on; the longest wait was {:.0f} "
                                  "ms, on a round trip of {:.0f} ms with no queue.",
                                  q->packets, Ms(q->most), e.base_rtt_ms),
          .fix =
              "Keep in flight what the link carries in a round trip, not what its queue holds: "
              "watch the round trip, and shrink the window when it grows well past the least "
              "you have seen."};
}

Finding WindowCause(const observe::Observation& obs, const Evidence& e, const Finding& measured) {
  if (e.window != 0 || measured.ok()) return measured;
  const WindowReading w = ReadWindow(e.format, *e.records,
                                     Micros{std::llround(e.base_rtt_ms * 1000)}, FullRoundTrip(e));
  const std::string& program = obs.program.display_name;
  const std::string at = fmt::format("{:.2f} s", Ms(w.at) / 1000);
  const std::string losses =
      fmt::format("{} of its packets were lost, in {} round trips", w.losses, w.events);
  switch (w.shape) {
    case WindowReading::Shape::kFixed:
      return {.code = transport::Codes::kNoCongestionControl,
              .cause = check::Say("{} has no congestion control: it kept about {} in flight "
                                  "whatever was lost (before the loss at {}, {}; after it, {}).",
                                  program, Packets(w.before), at, w.before, w.after),
              .evidence = fmt::format("{}. {}{}", losses, measured.cause, Room(e)),
              .fix =
                  "Choose the window as the link allows: grow it while ACKs come (one packet "
                  "per round trip), halve it when a packet is lost."};
    case WindowReading::Shape::kUnbounded:
      return {.code = transport::Codes::kNoCongestionControl,
              .cause = check::Say("{} has no congestion control: it never slows down for a "
                                  "loss; its window grew from {} before the loss at {} to {} "
                                  "after it, and went on growing (to {}).",
                                  program, Packets(w.before), at, w.after, w.most),
              .evidence = fmt::format("{}: each loss is the bottleneck's queue overflowing. {}",
                                      losses, measured.cause),
              .fix =
                  "When a packet is lost (three duplicate ACKs, or a timeout), halve the "
                  "window; grow it by one packet per round trip otherwise."};
    case WindowReading::Shape::kDoubles:
      return {.code = transport::Codes::kWindowDoubles,
              .cause = check::Say("{} never leaves slow start: after the loss at {} its window "
                                  "went from {} to {} in one round trip, doubling past half of "
                                  "the {} it lost at.",
                                  program, at, w.grew_from, w.grew_to, w.before),
              .evidence = fmt::format("Doubling every round trip overflows the queue again at "
                                      "once: {}. {}",
                                      losses, measured.cause),
              .fix =
                  "After a loss, set ssthresh to half the window and grow by one packet per "
                  "round trip (cwnd += 1/cwnd per ACK) once the window reaches it."};
    case WindowReading::Shape::kCollapse:
      return {.code = transport::Codes::kWindowCollapse,
              .cause = check::Say("{}'s window collapsed after a loss: from {} in flight before "
                                  "the loss at {} to {} after it, and it stayed that low.",
                                  program, Packets(w.before), at, w.after),
              .evidence = fmt::format("A quarter or less of the window after one loss is more "
                                      "than halving once: it was cut again and again, as on "
                                      "every duplicate ACK. {}",
                                      measured.cause),
              .fix =
                  "Halve the window once per loss: on the third duplicate ACK, then not again "
                  "until the ACKs reach what was in flight when you halved."};
    default:
      return measured;
  }
}

}  // namespace netgrade::transport
