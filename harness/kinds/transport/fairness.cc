#include "harness/kinds/transport/fairness.h"

#include <fmt/core.h>

#include <algorithm>
#include <string>

#include "harness/check/program.h"
#include "harness/kinds/transport/codes.h"
#include "harness/kinds/transport/traffic.h"

namespace netgrade::transport {
namespace {

using check::Code;
using check::Finding;

double Seconds(Micros t) { return static_cast<double>(t.count()) / 1e6; }

// When a copy was done: its FIN taken, or else its last byte taken.
Micros DoneAt(const std::vector<Progress>& p, Micros fin) {
  if (fin >= Micros{0}) return fin;
  return p.empty() ? Micros{-1} : p.back().at;
}

// A second copy that ended badly: its exit, with its last words on stderr.
Finding EndedBadly(const std::string& program, const SecondCopy& c) {
  std::string how = c.signal ? fmt::format("was killed by signal {}", c.signal)
                             : fmt::format("exited with status {}", c.status);
  Finding f{.code = transport::Codes::kSecondCopyFailed,
            .cause = check::Say("The second copy of {}, started at {:.1f} s beside the first, "
                                "{}.",
                                program, Seconds(c.started_at), how)};
  if (!c.stderr_tail.empty())
    f.evidence = "It printed on stderr:\n" + check::WithoutWorkdir(c.stderr_tail) + "\n";
  // The mistake two copies meet first: a sender bound to a fixed port of its own.
  if (c.stderr_tail.find("ddress already in use") != std::string::npos ||
      c.stderr_tail.find("EADDRINUSE") != std::string::npos)
    f.fix =
        "It could not bind the port the first copy holds: a sender needs no port of its own. "
        "Do not bind() its socket (sendto() picks a free port), or bind to port 0.";
  else
    f.fix =
        "Run two copies of it at once on your machine, the second a moment after the first: "
        "each must get the whole file through.";
  return f;
}

}  // namespace

double JainIndex(double a, double b) {
  const double squares = a * a + b * b;
  if (squares <= 0) return 1;
  return (a + b) * (a + b) / (2 * squares);
}

size_t BytesBy(const std::vector<Progress>& progress, Micros at) {
  auto after = std::upper_bound(progress.begin(), progress.end(), at,
                                [](Micros t, const Progress& p) { return t < p.at; });
  return after == progress.begin() ? 0 : std::prev(after)->bytes;
}

std::optional<Fairness> FairnessOf(const std::vector<Progress>& first, Micros first_fin,
                                   const std::vector<Progress>& second, Micros second_fin) {
  if (first.empty() || second.empty()) return std::nullopt;
  Fairness f;
  f.both_from = std::max(first.front().at, second.front().at);
  f.both_to = std::min(DoneAt(first, first_fin), DoneAt(second, second_fin));
  if (f.both_to <= f.both_from) return std::nullopt;
  f.from = f.both_from + (f.both_to - f.both_from) / 2;
  const double span = Seconds(f.both_to - f.from);
  const std::vector<Progress>* copies[2] = {&first, &second};
  for (int i = 0; i < 2; ++i)
    f.bps[i] = static_cast<double>(BytesBy(*copies[i], f.both_to) - BytesBy(*copies[i], f.from)) *
               8 / span;
  f.index = JainIndex(f.bps[0], f.bps[1]);
  return f;
}

std::optional<Fairness> FairnessOf(const Evidence& e) {
  if (!e.second || !e.progress || !e.second->progress) return std::nullopt;
  return FairnessOf(*e.progress, e.fin_taken_at, *e.second->progress, e.second->fin_taken_at);
}

Finding CheckCopies(const observe::Observation& obs, const Evidence& e,
                    const spec::TransportExpect& x) {
  if (!e.second) return Finding::Ok();
  const SecondCopy& c = *e.second;
  const std::string& program = obs.program.display_name;
  if (!c.started)
    return {.code = transport::Codes::kSecondCopyFailed,
            .cause = check::Say("The second copy of {} was never started: the first had ended "
                                "before its time came.",
                                program),
            .fix = "Keep the first copy running until the receiver has acknowledged its FIN."};
  if (c.ended && (c.status != 0 || c.signal != 0)) return EndedBadly(program, c);
  if (x.delivered && !(c.fin_taken && c.received_file_right)) {
    Finding f{.code = transport::Codes::kSecondCopyFailed,
              .fix =
                  "Each copy sends the whole file on a socket of its own and takes only the "
                  "ACKs that come to it."};
    if (c.fin_taken)
      f.cause = check::Say(
          "The second copy of {} sent its FIN, and the {} bytes netgrade's "
          "receiver took for it are not {}.",
          program, c.received_bytes, e.file_name);
    else
      f.cause = check::Say(
          "The second copy of {}, started at {:.1f} s beside the first, "
          "delivered {} of the {} bytes of {} and no FIN{}.",
          program, Seconds(c.started_at), c.received_bytes, e.file ? e.file->size() : 0,
          e.file_name, c.ended ? "" : " before the case ended");
    return f;
  }
  if (!x.fairness_at_least) return Finding::Ok();
  std::optional<Fairness> f = FairnessOf(e);
  if (!f)
    return {.code = transport::Codes::kUnfairShare,
            .cause = check::Say("The two copies of {} never sent at the same time: the first "
                                "was done before the second's first packet was taken.",
                                program),
            .fix = "Keep sending at the link's pace; the case compares the two while both send."};
  if (f->index >= *x.fairness_at_least) return Finding::Ok();
  const int more = f->bps[0] >= f->bps[1] ? 0 : 1;
  return WindowCause(
      obs, e,
      {.code = transport::Codes::kUnfairShare,
       .cause = check::Say("The two copies of {} shared the link unfairly: over the last {:.1f} "
                           "s that both sent, the {} got {:.2f} Mbit/s and the {} {:.2f} "
                           "Mbit/s (Jain's fairness index {:.2f}; at least {:.2f} is asked).",
                           program, Seconds(f->both_to - f->from), more == 0 ? "first" : "second",
                           f->bps[more] / 1e6, more == 0 ? "second" : "first",
                           f->bps[1 - more] / 1e6, f->index, *x.fairness_at_least),
       .evidence = fmt::format("The second started at {:.1f} s; both sent from {:.1f} s to "
                               "{:.1f} s.",
                               Seconds(c.started_at), Seconds(f->both_from), Seconds(f->both_to)),
       .fix = "Grow the window by a fixed number of packets a round trip and shrink it by a "
              "factor on a loss (or a rising round trip): two such senders move towards equal "
              "shares. A window that grows by a share of itself keeps whatever lead one copy "
              "has, and a round trip judged against the least ever seen favours the copy that "
              "started while the queue was full."});
}

std::optional<Fairness> BesideTcpOf(const Evidence& e) {
  if (!e.tcp || !e.progress || !e.tcp->progress) return std::nullopt;
  // The flow runs until the case ends: it is done with its last byte read.
  return FairnessOf(*e.progress, e.fin_taken_at, *e.tcp->progress, Micros{-1});
}

double ShareOf(const Fairness& f) {
  const double both = f.bps[0] + f.bps[1];
  return both > 0 ? f.bps[0] / both : 0;
}

Finding CheckBesideTcp(const observe::Observation& obs, const Evidence& e,
                       const spec::TransportExpect& x) {
  if (!e.tcp || (!x.share_at_least && !x.share_at_most)) return Finding::Ok();
  const TcpBeside& tcp = *e.tcp;
  const std::string& program = obs.program.display_name;
  const std::string tcp_name = fmt::format("a kernel TCP flow ({})", tcp.congestion_control.empty()
                                                                         ? "the machine's default"
                                                                         : tcp.congestion_control);
  if (!tcp.connected && tcp.dropped == 0)
    return {.code = Code::kGraderProblem,
            .cause = check::Say("netgrade's own TCP flow beside {} never connected, though the "
                                "link dropped none of its {} packets.",
                                program, tcp.packets),
            .fix = "This is netgrade's failure, not your program's: report it with this case."};
  const double low = x.share_at_least.value_or(0), high = x.share_at_most.value_or(1);
  std::optional<Fairness> f = BesideTcpOf(e);
  // The sender had bytes taken, and TCP none while it did.
  const bool sent = e.progress && !e.progress->empty();
  const bool starved = sent && (tcp.bytes == 0 || !f);
  if (starved && high < 1)
    return {.code = transport::Codes::kTcpShare,
            .cause = check::Say(
                "{} took the whole link: {} beside it {} while {} sent.", program, tcp_name,
                tcp.connected ? "got no byte through" : "could not even connect", program),
            .evidence = fmt::format("The link dropped {} of the TCP flow's {} packets.",
                                    tcp.dropped, tcp.packets),
            .fix =
                "It keeps the queue full whatever is lost: halve the window on a loss (a "
                "timeout or three duplicate ACKs) and grow it by about a packet a round trip, "
                "as TCP does."};
  if (!f) return Finding::Ok();  // the sender's own transfer failed: its checks said so
  const double share = ShareOf(*f);
  if (share >= low && share <= high) return Finding::Ok();
  const bool less = share < low;
  // Too much is a window that does not shrink as TCP's does, which the window's shape around
  // its losses may name; too little is a sender that shrinks for more than losses.
  Finding found{
      .code = transport::Codes::kTcpShare,
      .cause = check::Say(
          "{} got {:.0f}% of the link beside {}: over the last {:.1f} s that both sent, {:.2f} "
          "Mbit/s against TCP's {:.2f} Mbit/s; {} {:.0f}% is asked.",
          program, 100 * share, tcp_name, Seconds(f->both_to - f->from), f->bps[0] / 1e6,
          f->bps[1] / 1e6, less ? "at least" : "at most", 100 * (less ? low : high)),
      .evidence = fmt::format("Both sent from {:.1f} s to {:.1f} s.", Seconds(f->both_from),
                              Seconds(f->both_to)),
      .fix = less ? "It gives way to TCP, which grows its window until the queue overflows: a "
                    "sender that slows down as the round trip grows, or shrinks more than by "
                    "half on a loss, leaves TCP the link. Halve the window on a loss and grow "
                    "it by about a packet a round trip; if it also slows down for a longer "
                    "round trip, stop doing so while slowing down does not bring the round "
                    "trip back down (another flow keeps the queue full)."
                  : "It does not give way to TCP: halve the window on a loss (a timeout or "
                    "three duplicate ACKs) and grow it by about a packet a round trip, as TCP "
                    "does; a window that stays, or grows faster, takes what TCP gives up."};
  return less ? found : WindowCause(obs, e, found);
}

Finding CheckGaveWayUntilTheEnd(const observe::Observation& obs, const Evidence& e,
                                const spec::TransportExpect& x) {
  if (!e.tcp || !x.share_at_least || !e.progress || e.progress->empty() || !e.tcp->progress ||
      e.tcp->progress->empty())
    return Finding::Ok();
  std::optional<Fairness> f = BesideTcpOf(e);
  if (!f || ShareOf(*f) >= *x.share_at_least) return Finding::Ok();
  // TCP's flow runs until the case ends: a sender still sending then had its last byte taken
  // within a second of TCP's last.
  if (e.progress->back().at < e.tcp->progress->back().at - Micros{1'000'000}) return Finding::Ok();
  Finding found = CheckBesideTcp(obs, e, x);
  if (found.code != transport::Codes::kTcpShare) return Finding::Ok();
  // A new text, not the old one edited (check::Phrase: a text assigned has no shape).
  found.evidence =
      found.evidence +
      fmt::format(
          " The case ended before {} was through: netgrade's receiver had {} of its {} bytes.",
          e.file_name, e.received_bytes, e.file ? e.file->size() : 0);
  return found;
}

}  // namespace netgrade::transport
