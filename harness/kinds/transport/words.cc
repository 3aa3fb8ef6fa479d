#include "harness/kinds/transport/words.h"

#include <fmt/core.h>

#include "harness/kinds/role_words.h"

namespace netgrade::transport {
namespace {

std::string List(const std::vector<int>& v) {
  std::string out;
  for (int n : v) out += (out.empty() ? "" : ", ") + std::to_string(n);
  return out;
}

std::string Rate(double bps) {
  if (bps >= 1e6) return fmt::format("{:g} Mbit/s", bps / 1e6);
  return fmt::format("{:g} kbit/s", bps / 1e3);
}

bool Same(const spec::LinkDirection& a, const spec::LinkDirection& b) {
  return DirectionWords(a) == DirectionWords(b);
}

}  // namespace

std::string RoleWords(const spec::Role& r) {
  return fmt::format(
      "{}; it speaks the lab's packets over UDP with netgrade's own {}, across the case's "
      "link\n",
      kinds::RoleHeading(r),
      r.listens ? "sender ({port} is the port it binds)" : "receiver (at {host}:{port})");
}

std::string DirectionWords(const spec::LinkDirection& d) {
  std::vector<std::string> parts;
  if (!d.trace_ms.empty())
    parts.push_back(fmt::format("the rate of the trace {}", d.trace_from));
  else if (d.rate_bps > 0)
    parts.push_back(Rate(d.rate_bps));
  else
    parts.push_back("no rate limit");
  parts.push_back(fmt::format("{} ms", d.delay_ms));
  if (d.jitter_ms > 0) parts.back() += fmt::format(" (up to {} ms more)", d.jitter_ms);
  if (d.queue_packets > 0) parts.push_back(fmt::format("a queue of {} packets", d.queue_packets));
  if (d.queue_bytes > 0) parts.push_back(fmt::format("a queue of {} bytes", d.queue_bytes));
  auto share = [&](double p, const char* what) {
    if (p > 0) parts.push_back(fmt::format("{:g}% {}", p * 100, what));
  };
  share(d.loss, "lost");
  share(d.duplicate, "doubled");
  share(d.reorder, "reordered");
  share(d.corrupt, "corrupted");
  if (!d.lose.empty()) parts.push_back("packet(s) " + List(d.lose) + " lost");
  if (!d.duplicate_at.empty()) parts.push_back("packet(s) " + List(d.duplicate_at) + " doubled");
  if (!d.corrupt_at.empty()) parts.push_back("packet(s) " + List(d.corrupt_at) + " corrupted");
  if (d.lose_fin_ack > 0)
    parts.push_back(d.lose_fin_ack == 1
                        ? "the first ACK of the FIN lost"
                        : fmt::format("the first {} ACKs of the FIN lost", d.lose_fin_ack));
  for (const spec::LinkChange& c : d.changes) {
    std::string ch = fmt::format("from {} ms:", c.at_ms);
    if (c.rate_bps) ch += " " + Rate(*c.rate_bps);
    if (c.loss) ch += fmt::format(" {:g}% lost", *c.loss * 100);
    if (c.delay_ms) ch += fmt::format(" {} ms", *c.delay_ms);
    parts.push_back(ch);
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

namespace {

// "two copies of the sender, the second started 2 s after the first"
std::string CopiesWords(const spec::Transfer& t) {
  return fmt::format("two copies of the sender, the second started {:g} s after the first",
                     static_cast<double>(t.second_after_ms) / 1000);
}

constexpr const char* kBesideTcpWords =
    "a kernel TCP flow beside the sender, through the same queue, from the case's start";

}  // namespace

std::string LinkLine(const spec::Case& c) {
  const spec::TransportLink link = LinkOf(c) ? *LinkOf(c) : spec::TransportLink{};
  std::string out = Same(link.out, link.back) ? DirectionWords(link.out) + " each way"
                                              : "from the program " + DirectionWords(link.out) +
                                                    "; to it " + DirectionWords(link.back);
  if (TransferOf(c)) {
    out += "; the transfer: " + TransferOf(c)->file;
    if (TransferOf(c)->window > 0) out += fmt::format(", WINDOW {}", TransferOf(c)->window);
    if (TransferOf(c)->copies > 1) out += ", " + CopiesWords(*TransferOf(c));
    if (TransferOf(c)->beside_tcp) out += ", " + std::string(kBesideTcpWords);
  }
  return out;
}

// What the case judges on the packets, in words ("" when nothing).
std::string ExpectWords(const spec::TransportExpect& x, bool own_window) {
  std::vector<std::string> parts;
  if (x.delivered) parts.push_back("netgrade's receiver gets the whole file, exactly, and the FIN");
  if (x.well_formed)
    parts.push_back("every packet well formed (header, len, payload size, checksum)");
  if (x.in_flight_at_most)
    parts.push_back(fmt::format("never more than {} {} unacknowledged", *x.in_flight_at_most,
                                *x.in_flight_at_most == 1 ? "packet" : "packets"));
  if (x.in_flight_reaching)
    parts.push_back(fmt::format("{} in flight at some time", *x.in_flight_reaching));
  if (x.in_flight_sliding)
    parts.push_back("a sliding window: a new packet as each ACK comes, not a window at a time");
  if (x.resend_not_before_ms)
    parts.push_back(
        fmt::format("no packet sent again sooner than {} ms after it was sent, nor one "
                    "acknowledged",
                    *x.resend_not_before_ms));
  if (x.resends_per_timeout)
    parts.push_back(fmt::format("at most {} sent again at once", *x.resends_per_timeout));
  if (x.spurious_at_most)
    parts.push_back(
        fmt::format("at most {:g}% of the resends sent while their ACK was on its "
                    "way (a timeout shorter than the round trip)",
                    *x.spurious_at_most * 100));
  if (x.backoff) parts.push_back("a timeout that fires again for the same packet waits longer");
  if (x.queue_delay_at_most_ms)
    parts.push_back(
        fmt::format("packets sent from {:g} s on wait at most {} ms in the queue on "
                    "average",
                    static_cast<double>(x.queue_delay_from_ms) / 1000, *x.queue_delay_at_most_ms));
  if (x.fin_resent) parts.push_back("the FIN sent again when its ACK is lost");
  if (x.goodput_at_least)
    parts.push_back(fmt::format("a goodput of at least {:g}% of what {}", *x.goodput_at_least * 100,
                                own_window ? "the link allows" : "the window and the link allow"));
  if (x.goodput_full_at)
    parts.push_back(
        fmt::format("points in proportion to the goodput from that pass mark to "
                    "{:g}%, all of them from there",
                    *x.goodput_full_at * 100));
  if (x.fairness_at_least)
    parts.push_back(
        fmt::format("the two copies' goodputs over the last half of the time both "
                    "send have a Jain's fairness index of at least {:g} (1: equal "
                    "shares)",
                    *x.fairness_at_least));
  if (x.share_at_least || x.share_at_most)
    parts.push_back(
        fmt::format("beside the TCP flow, the sender's share of the two goodputs over "
                    "the last half of the time both send {}",
                    x.share_at_most && x.share_at_least
                        ? fmt::format("between {:g}% and {:g}%", *x.share_at_least * 100,
                                      *x.share_at_most * 100)
                    : x.share_at_least ? fmt::format("at least {:g}%", *x.share_at_least * 100)
                                       : fmt::format("at most {:g}%", *x.share_at_most * 100)));
  if (x.acks)
    parts.push_back(x.acks_as == spec::AckKind::kSelective
                        ? "each DATA packet answered with an ACK of its own seq"
                        : "each ACK the cumulative ACK of what it was given");
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

std::string CaseWords(const spec::Case& c) {
  std::string out;
  if (TransferOf(c)) {
    out += fmt::format("    The transfer: {}", TransferOf(c)->file);
    if (TransferOf(c)->window > 0) out += fmt::format(", WINDOW {}", TransferOf(c)->window);
    if (TransferOf(c)->window == 0 && !TransferOf(c)->file.empty())
      out += ", the window the sender's own choice";
    if (TransferOf(c)->copies > 1) out += "; " + CopiesWords(*TransferOf(c));
    if (TransferOf(c)->beside_tcp) out += "; " + std::string(kBesideTcpWords);
    out += ".\n";
  }
  if (c.peer_program)
    out += fmt::format(
        "    The peer: the instructor's {} ({}/), not netgrade's own; it is not graded.\n",
        c.peer_program->role, c.peer_program->written);
  const spec::TransportLink link = LinkOf(c) ? *LinkOf(c) : spec::TransportLink{};
  if (Same(link.out, link.back))
    out += "    The link, each way: " + DirectionWords(link.out) + ".\n";
  else
    out += "    The link from the program: " + DirectionWords(link.out) +
           ".\n    The link to the program: " + DirectionWords(link.back) + ".\n";
  if (ExpectOf(c.expect))
    if (std::string judged =
            ExpectWords(*ExpectOf(c.expect), TransferOf(c) && TransferOf(c)->window == 0);
        !judged.empty())
      out += "    Judged on the packets: " + judged + ".\n";
  return out;
}

}  // namespace netgrade::transport
