// The checks of a student's sender (traffic.h): read from the record with flight.h; what its
// goodput measures and earns is goodput.cc's.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "harness/kinds/transport/codes.h"
#include "harness/kinds/transport/congestion.h"
#include "harness/kinds/transport/fairness.h"
#include "harness/kinds/transport/flight.h"
#include "harness/kinds/transport/goodput.h"
#include "harness/kinds/transport/traffic.h"

namespace netgrade::transport {
namespace {

using check::Code;
using check::Finding;

double Ms(Micros t) { return t.count() / 1000.0; }

// The first packet the program sent that is not well formed.
Finding FirstMalformed(const observe::Observation& obs, const Evidence& e) {
  const std::vector<PacketRecord>& records = *e.records;
  const PacketFormat& f = e.format;
  uint64_t last_seq = 0;
  for (const PacketRecord& r : records)
    if (r.from_student && r.header.valid() && r.header.type == f.type_data)
      last_seq = std::max(last_seq, r.header.seq);
  for (size_t i = 0; i < records.size(); ++i) {
    if (!records[i].from_student) continue;
    if (Finding form = CheckForm(obs, e, i); !form.ok()) return form;
    const Header& h = records[i].header;
    if (h.type == f.type_data && h.len < f.payload_max && h.seq < last_seq)
      return {.code = transport::Codes::kBadPacket,
              .cause = check::Say("{}'s DATA packet {} carries {} bytes, and packets after it "
                                  "follow: every payload but the last is {} bytes.",
                                  obs.program.display_name, h.seq, h.len, f.payload_max),
              .fix = fmt::format("Read the file in pieces of {} bytes.", f.payload_max)};
  }
  return Finding::Ok();
}

// The seq of the first DATA packet the program sent, if it sent one.
std::optional<uint64_t> FirstDataSeq(const Evidence& e) {
  for (const PacketRecord& r : *e.records)
    if (r.from_student && r.header.valid() && r.header.type == e.format.type_data)
      return r.header.seq;
  return std::nullopt;
}

// Its resends: what it sent again that was acknowledged, too soon, or on a duplicate ACK.
// Selective ACKs: packets sent again long after their own ACK had reached the program, in two
// bursts or more (one stall of a loaded machine may leave ACKs unread for one): a sender that
// resends the window, as Go-Back-N does, not the packets unacknowledged.
Finding CheckSelectiveResends(const observe::Observation& obs, const Evidence& e,
                              const SenderFlight& s) {
  if (e.format.acks != spec::AckKind::kSelective) return Finding::Ok();
  const Resend* first = nullptr;
  size_t bursts = 0, count = 0;
  bool in_this_burst = false;
  for (const Resend& r : s.resends) {
    if (r.first_of_burst) in_this_burst = false;
    if (r.own_ack_at < Micros{0}) continue;
    ++count;
    if (!first) first = &r;
    if (!in_this_burst) ++bursts;
    in_this_burst = true;
  }
  if (bursts < 2) return Finding::Ok();
  return {.code = transport::Codes::kNeedlessResend,
          .cause = check::Say("{} sent packet {} again at {:.1f} ms, {:.1f} ms after its own ACK "
                              "had reached it ({} such resends in {} bursts).",
                              obs.program.display_name, first->seq, Ms(first->at),
                              Ms(first->at - first->own_ack_at), count, bursts),
          .evidence =
              "Each ACK acknowledges the one packet it names: a packet acknowledged is never "
              "sent again, whatever came before it. Sending the whole window again is "
              "Go-Back-N's way, not selective repeat's.",
          .fix =
              "Keep a timer (or a send time) per packet, mark each packet acknowledged when its "
              "ACK comes, and on a timeout send again only that packet."};
}

Finding CheckResends(const observe::Observation& obs, const Evidence& e,
                     const spec::TransportExpect& x, const SenderFlight& s) {
  const std::string& program = obs.program.display_name;
  // The resends in the order they were sent: the first that breaks a rule is the diagnosis
  // (a loaded machine may add later ones; the first stays the first).
  const std::optional<Micros> floor =
      x.resend_not_before_ms
          ? std::optional<Micros>(std::chrono::milliseconds(*x.resend_not_before_ms))
          : std::nullopt;
  // The first burst of resends, led by the first packet the program sent, is too soon only if
  // another burst comes too soon too (on a timeout or a duplicate ACK), and is then the one
  // said, the first in time: a machine that held the program back between starting its timer and
  // its first send shortens that one gap on the wire (a Node.js sender's first window went out
  // 97 ms before its 200 ms timer fired, in a loaded container). Later, a timer is restarted
  // where the packets are sent.
  const std::optional<uint64_t> first_seq = FirstDataSeq(e);
  std::optional<Finding> too_soon;
  size_t bursts = 0;
  for (const Resend& r : s.resends) {
    if (r.first_of_burst) ++bursts;
    if (r.seq < r.shown_acked)
      return {.code = transport::Codes::kNeedlessResend,
              .cause = check::Say("{} sent packet {} again at {:.1f} ms, after the receiver had "
                                  "acknowledged every packet below {}.",
                                  program, r.seq, Ms(r.at), r.shown_acked),
              .evidence = fmt::format("It had sent packet {} before, which WINDOW {} allows only "
                                      "once every packet below {} is acknowledged; an ACK n "
                                      "acknowledges every packet below n: those never need "
                                      "sending again.",
                                      r.shown_by, e.window, r.shown_acked),
              .fix =
                  "On a timeout, send again only the unacknowledged packets: from the window's "
                  "base (the oldest unacknowledged) up to the last one sent."};
    if (!floor || r.gap >= *floor || !r.first_of_burst) continue;
    // A burst held as perhaps the machine's stays the first in time of the resends too soon.
    if (too_soon) return *too_soon;
    Finding f;
    if (r.after_dup_ack)
      f = {.code = transport::Codes::kResendOnDupAck,
           .cause = check::Say("{} sent packet {} again {:.1f} ms after it first sent it, "
                               "right after a duplicate ACK reached it.",
                               program, r.seq, Ms(r.gap)),
           .evidence =
               "A duplicate ACK says a packet came out of order, not that one was "
               "lost: resending the window on each one sends it many times over.",
           .fix = fmt::format("Ignore an ACK that acknowledges nothing new; resend only when "
                              "the timeout fires (never before {} ms).",
                              *x.resend_not_before_ms)};
    else if (r.since_burst >= *floor)
      f = {.code = transport::Codes::kResendTooSoon,
           .cause = check::Say("{} sent packet {} again {:.1f} ms after sending it: its "
                               "timer runs from an earlier packet and is never restarted.",
                               program, r.seq, Ms(r.gap)),
           .evidence = fmt::format("Its resends come every {:.1f} ms whatever the ACKs do; no "
                                   "resend may come before {} ms.",
                                   Ms(r.since_burst), *x.resend_not_before_ms),
           .fix =
               "Restart the timer whenever an ACK moves the window's base (and stop it "
               "when nothing is unacknowledged)."};
    else
      f = {.code = transport::Codes::kResendTooSoon,
           .cause = check::Say("{} sent packet {} again {:.1f} ms after sending it; the "
                               "timeout is never shorter than {} ms.",
                               program, r.seq, Ms(r.gap), *x.resend_not_before_ms),
           .evidence = fmt::format("The link's round trip is {:.0f} ms: a timeout shorter "
                                   "than that sends every packet twice.",
                                   e.base_rtt_ms),
           .fix = fmt::format("Use a timeout of {} ms to 1 s (or an adaptive one, RFC 6298, "
                              "never below {} ms).",
                              std::max<int64_t>(*x.resend_not_before_ms, 200),
                              *x.resend_not_before_ms)};
    const bool first_burst_of_first_packet = bursts == 1 && first_seq && r.seq == *first_seq;
    if (!first_burst_of_first_packet) return f;
    too_soon = f;
  }
  if (Finding f = CheckSelectiveResends(obs, e, s); !f.ok()) return f;
  if (x.resends_per_timeout && s.largest_burst > static_cast<size_t>(*x.resends_per_timeout) &&
      e.window == 0)
    return {.code = transport::Codes::kNeedlessResend,
            .cause = check::Say("{}'s resends ignore its window: it sent {} again at once at "
                                "{:.1f} ms (packets {} to {}), where a loss leaves room for {} at "
                                "most.",
                                program, Packets(s.largest_burst), Ms(s.largest_burst_at),
                                s.largest_burst_from, s.largest_burst_to,
                                Packets(static_cast<size_t>(*x.resends_per_timeout))),
            .evidence =
                "A timeout says the link is congested: a burst of resends overflows its queue "
                "again.",
            .fix =
                "After a timeout the window is 1 packet: send the oldest unacknowledged packet "
                "again, and more only as ACKs come (slow start)."};
  if (x.resends_per_timeout && s.largest_burst > static_cast<size_t>(*x.resends_per_timeout))
    return {.code = transport::Codes::kNeedlessResend,
            .cause = check::Say("{} sent {} again at once at {:.1f} ms (packets {} to {}); "
                                "no more than the window, {}, are ever unacknowledged.",
                                program, Packets(s.largest_burst), Ms(s.largest_burst_at),
                                s.largest_burst_from, s.largest_burst_to, *x.resends_per_timeout),
            .fix =
                "On a timeout, send again the unacknowledged packets only, from the window's "
                "base."};
  return Finding::Ok();
}

Finding CheckDelivered(const observe::Observation& obs, const Evidence& e, const SenderFlight& s) {
  if (e.fin_taken && e.received_file_right) return Finding::Ok();
  const std::string& program = obs.program.display_name;
  const size_t size = e.file ? e.file->size() : 0;
  // Whose receiver the packets went to: netgrade's, or the instructor's program's.
  const std::string receiver = e.peer_program.empty() ? "netgrade's receiver" : e.peer_program;
  std::string got = fmt::format(
      "{} got {} of the {} bytes of {} ({} of the "
      "file's packets){}.",
      receiver, e.received_bytes, size, e.file_name, e.expected,
      e.fin_taken ? ", and the FIN" : ", and no FIN");
  const bool waits = !obs.program.exited && !obs.at_rest_in.empty();
  const size_t lost = s.lost_out + s.lost_back, damaged = s.corrupted_out + s.corrupted_back;
  if (waits && lost + damaged > 0)
    return {.code = transport::Codes::kNoResend,
            .cause = check::Say("{} stopped sending after {}: it waits in {}() with no "
                                "timeout, for an ACK that will not come.",
                                program,
                                lost > 0 ? "a loss"
                                         : "a packet the link damaged (dropped, as a lost "
                                           "one is)",
                                obs.at_rest_in),
            .evidence =
                lost == 0 ? fmt::format("The link damaged {} of its packets and {} of the "
                                        "receiver's ACKs; {}",
                                        s.corrupted_out, s.corrupted_back, got)
                : damaged == 0
                    ? fmt::format("The link lost {} of its packets and {} of the receiver's "
                                  "ACKs; {}",
                                  s.lost_out, s.lost_back, got)
                    : fmt::format("The link lost {} of its packets and {} of the receiver's "
                                  "ACKs, and damaged {} packets and {} ACKs; {}",
                                  s.lost_out, s.lost_back, s.corrupted_out, s.corrupted_back, got),
            .fix =
                "Set a timeout on the socket (settimeout(), or select()/poll() with a "
                "timeout); when it fires, send the unacknowledged packets again."};
  check::Phrase cause =
      s.datagrams == 0 ? check::Say("{} sent no packet to {} (at the host and port it was given).",
                                    program, receiver)
                       : check::Say("{} did not deliver {}: {}", program, e.file_name, got);
  std::string fix =
      e.received_bytes == size && !e.fin_taken
          ? "Once every DATA packet is acknowledged, send the FIN (seq = the number of DATA "
            "packets) until its ACK comes."
      : waits ? fmt::format(
                    "It waits in {}() for what will not come: send every packet of the "
                    "file until its ACK comes, then the FIN until its ACK comes.",
                    obs.at_rest_in)
              : "Send every packet of the file until its ACK comes, then the FIN until its ACK "
                "comes; exit only then.";
  return {.code = transport::Codes::kNotDelivered, .cause = cause, .evidence = "", .fix = fix};
}

}  // namespace

size_t JudgedWindow(const spec::TransportExpect& x, size_t window) {
  if (x.in_flight_at_most) return static_cast<size_t>(*x.in_flight_at_most);
  return x.well_formed ? window : 0;
}

Finding CheckSender(const observe::Observation& obs, const Evidence& e,
                    const spec::TransportExpect* expect) {
  static const spec::TransportExpect kNothing;
  const spec::TransportExpect& x = expect ? *expect : kNothing;
  const std::string& program = obs.program.display_name;
  const SenderFlight s = ReadSender(e.format, *e.records, e.window);
  const bool delivered = e.fin_taken && e.received_file_right;
  if (x.well_formed || !delivered)
    if (Finding f = FirstMalformed(obs, e); !f.ok()) return f;
  // Numbers used again for other bytes: every count below (in flight, resends, delivered) reads
  // seq as the packet's place in the file, so this comes before them.
  if (s.reused > 0)
    return {
        .code = transport::Codes::kSeqReused,
        .cause = check::Say("{} sent other bytes as packet {} at {:.1f} ms: it had sent a "
                            "packet {} before, with other bytes.",
                            program, s.first_reused_seq, Ms(s.first_reused_at), s.first_reused_seq),
        .evidence =
            "The receiver reads seq as the packet's place in the file (0, 1, 2, ...): "
            "a number it has had is a copy, and its bytes are not written.",
        .fix =
            "Give each new packet the next number (seq = its place in the file); send a "
            "number again only to resend that packet, with the same bytes."};
  if (const size_t window = JudgedWindow(x, e.window); window > 0 && s.max_in_flight > window) {
    // A stop-and-wait lab (one at a time) and one whose program is given no WINDOW are told
    // in their own terms, not of a WINDOW they never had.
    const check::Phrase asked = window == 1
                                    ? check::Phrase("one at a time is asked: stop-and-wait.")
                                : e.window == 0 ? check::Say("at most {} are asked.", window)
                                                : check::Say("WINDOW was {}.", window);
    return {.code = transport::Codes::kWindowExceeded,
            .cause = check::Say("{} had {} unacknowledged at {:.1f} ms; {}", program,
                                Packets(s.max_in_flight), Ms(s.max_in_flight_at), asked),
            .fix = window == 1
                       ? check::Phrase("Send the next packet only once the ACK of the one before "
                                       "it has come.")
                       : check::Say("Send packet n only while n < base + {}, base being the "
                                    "oldest unacknowledged packet.",
                                    e.window == 0 ? std::to_string(window) : "WINDOW")};
  }
  if (Finding f = CheckResends(obs, e, x, s); !f.ok()) return f;
  if (Finding f = CheckCongestionResends(obs, e, x); !f.ok()) return f;
  if (x.in_flight_reaching && s.packets > 1 &&
      s.max_in_flight < static_cast<size_t>(*x.in_flight_reaching)) {
    if (s.max_in_flight <= 1)
      return {.code = transport::Codes::kStopAndWait,
              .cause = check::Say("{} never had more than 1 packet in flight: that is "
                                  "stop-and-wait; WINDOW was {}.",
                                  program, e.window),
              .evidence = fmt::format("With a round trip of {:.0f} ms it sent {} one at a time.",
                                      e.base_rtt_ms, Packets(s.packets)),
              .fix =
                  "Send packets until WINDOW of them are unacknowledged, then one more for "
                  "each packet an ACK acknowledges."};
    return {.code = transport::Codes::kWindowUnused,
            .cause = check::Say("{} never had more than {} in flight; WINDOW was {}, and the "
                                "link's round trip of {:.0f} ms had room for them.",
                                program, Packets(s.max_in_flight), e.window, e.base_rtt_ms),
            .fix = "Keep sending while fewer than WINDOW packets are unacknowledged."};
  }
  if (x.in_flight_sliding && e.window > 1 && s.packets > 2 * e.window) {
    // Half the windows or more started from none in flight: one drain is a stall, not a rule.
    const size_t windows = static_cast<size_t>(s.packets / e.window);
    if (s.drained_starts >= 2 && s.drained_starts * 2 >= windows)
      return {.code = transport::Codes::kWindowNotSliding,
              .cause = check::Say("{} sent its packets a window at a time: {} times it sent "
                                  "nothing new until every packet before was acknowledged "
                                  "(the first at {:.1f} ms).",
                                  program, s.drained_starts, Ms(s.first_drained_at)),
              .evidence = fmt::format("Each time, the link sat idle for a round trip ({:.0f} "
                                      "ms) while the window drained; a sliding window sends a "
                                      "new packet for each one an ACK acknowledges.",
                                      e.base_rtt_ms),
              .fix =
                  "As soon as an ACK moves the window's base, send new packets until WINDOW "
                  "are unacknowledged again; do not wait for the whole window."};
  }
  if (x.goodput_at_least && e.gave_up_at >= Micros{0} && s.first_data >= Micros{0}) {
    // Still sending when no FIN could reach the goodput asked: slow, not undelivered.
    const double share = *x.goodput_at_least;
    const Micros took = *GoodputDeadline(e, share) / 2;
    return WindowCause(
        obs, e,
        {.code = transport::Codes::kSlowTransfer,
         .cause = check::Say("{} had delivered {} of the {} bytes of {} after {:.1f} s: at "
                             "{:.0f}% of the {:.2f} Mbit/s {}, the whole file takes {:.1f} s.",
                             program, e.received_bytes, e.file->size(), e.file_name,
                             Ms(e.gave_up_at - s.first_data) / 1000, 100 * share,
                             AllowedBps(e) / 1e6, Allows(e), Ms(took) / 1000),
         .evidence = fmt::format("netgrade waited twice that for the FIN. It kept at most {} "
                                 "in flight and sent {} again.",
                                 Packets(s.max_in_flight), Packets(s.resends.size())),
         .fix = SlowFix(e)});
  }
  if (x.delivered)
    if (Finding f = CheckDelivered(obs, e, s); !f.ok()) {
      if (f.code != transport::Codes::kNotDelivered) return f;
      Finding gave_way = CheckGaveWayUntilTheEnd(obs, e, x);
      return gave_way.ok() ? f : gave_way;
    }
  if (x.fin_resent && s.fin_ack_lost && s.fins_after_lost_ack == 0)
    return {.code = transport::Codes::kFinNotResent,
            .cause = check::Say("{} sent its FIN once: the receiver's ACK of it was lost, and "
                                "no FIN came again.",
                                program),
            .fix =
                "Send the FIN until its ACK (seq + 1) comes, at most 10 times, waiting a "
                "timeout between two."};
  if (x.goodput_at_least)
    if (std::optional<Goodput> g = GoodputOf(e, s); g && g->share < *x.goodput_at_least) {
      std::string waited =
          g->waited >= std::chrono::milliseconds(50)
              ? fmt::format(" (not counting the {:.2f} s it or netgrade waited for a CPU)",
                            g->waited.count() / 1e6)
              : "";
      return WindowCause(
          obs, e,
          {.code = transport::Codes::kSlowTransfer,
           .cause = check::Say("{} delivered {} at {:.2f} Mbit/s{}: {:.0f}% of the {:.2f} "
                               "Mbit/s {}; at least {:.0f}% is asked.",
                               program, e.file_name, g->bps / 1e6, waited, 100 * g->share,
                               g->allowed / 1e6, Allows(e), 100 * *x.goodput_at_least),
           .evidence = fmt::format("It kept at most {} in flight and sent {} again.",
                                   Packets(s.max_in_flight), Packets(s.resends.size())),
           .fix = SlowFix(e)});
    }
  if (Finding f = CheckQueueDelay(obs, e, x); !f.ok()) return WindowCause(obs, e, f);
  if (Finding f = CheckCopies(obs, e, x); !f.ok()) return f;
  return CheckBesideTcp(obs, e, x);
}

}  // namespace netgrade::transport
