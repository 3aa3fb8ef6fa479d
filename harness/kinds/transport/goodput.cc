// A sender's goodput, from its record (goodput.h).
#include "harness/kinds/transport/goodput.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "harness/kinds/transport/congestion.h"
#include "harness/kinds/transport/fairness.h"
#include "harness/kinds/transport/traffic.h"

namespace netgrade::transport {

std::string Allows(const Evidence& e) {
  return e.window > 0 ? "the window and the link allow" : "the link allows";
}

std::string SlowFix(const Evidence& e) {
  return e.window > 0
             ? "Keep WINDOW packets in flight, and send again only what a timeout says is lost."
             : "Grow the window while ACKs come until the link is full, and on a loss halve it "
               "once, not more; send again only what was lost.";
}

double AllowedBps(const Evidence& e) {
  const double payload = static_cast<double>(e.format.payload_max);
  double allowed = e.base_rtt_ms > 0 ? e.window * payload * 8 / (e.base_rtt_ms / 1000) : 0;
  if (e.out_rate_bps > 0) {
    double link = e.out_rate_bps * payload /
                  (payload + static_cast<double>(e.format.header_size() + kIpUdpOverhead));
    allowed = allowed > 0 ? std::min(allowed, link) : link;
  }
  return allowed;
}

std::optional<Micros> GoodputDeadline(const Evidence& e, double share) {
  const double allowed = AllowedBps(e);
  if (allowed <= 0 || share <= 0 || !e.file) return std::nullopt;
  const double seconds = 2 * static_cast<double>(e.file->size()) * 8 / (share * allowed);
  return Micros{static_cast<int64_t>(std::ceil(seconds * 1e6))};
}

std::optional<Goodput> GoodputOf(const Evidence& e, const SenderFlight& s) {
  if (!e.fin_taken || !e.received_file_right || !e.file || s.first_data < Micros{0} ||
      e.fin_taken_at <= s.first_data)
    return std::nullopt;
  Goodput g;
  const Micros took = e.fin_taken_at - s.first_data;
  const double bits = static_cast<double>(e.file->size()) * 8;
  g.allowed = AllowedBps(e);
  g.waited = std::min(e.waited_for_cpu, took / 2);
  // Not counting the wait never makes it faster than the link allows: a wait that overlapped
  // the sender's own waiting for ACKs is not owed twice (the bench's busy runs: 10.11 Mbit/s
  // over a link of 10).
  if (g.allowed > 0) {
    const Micros at_link_rate{static_cast<int64_t>(std::ceil(bits / g.allowed * 1e6))};
    g.waited = std::clamp(took - at_link_rate, Micros{0}, g.waited);
  }
  const double seconds = (took - g.waited).count() / 1e6;
  g.bps = bits / seconds;
  g.share = g.allowed > 0 ? g.bps / g.allowed : 1;
  return g;
}

std::vector<check::Figure> Figures(const Evidence& e, const spec::TransportExpect* expect) {
  std::vector<check::Figure> out;
  if (!e.records || !e.student_sends) return out;
  const SenderFlight s = ReadSender(e.format, *e.records);
  if (std::optional<Goodput> g = GoodputOf(e, s)) {
    std::string words =
        g->allowed > 0 ? fmt::format("{:.0f}% of what {}", g->share * 100, Allows(e)) : "";
    if (g->waited >= std::chrono::milliseconds(50))
      words += fmt::format("{}not counting the {:.2f} s the program or netgrade waited for a CPU",
                           words.empty() ? "" : "; ", g->waited.count() / 1e6);
    out.push_back({.name = "goodput",
                   .value = std::round(g->bps / 1e4) / 100,
                   .unit = "Mbit/s",
                   .words = words,
                   // The case that asks for a goodput ranks a class by it.
                   .leaderboard = expect && expect->goodput_at_least.has_value()});
  }
  if (e.window == 0)
    if (std::optional<QueueReading> q = ReadQueue(e.format, *e.records, Micros{0}))
      out.push_back({.name = "queueing delay",
                     .value = std::round(q->mean.count() / 100.0) / 10,
                     .unit = "ms on average",
                     .words = fmt::format("{:.0f} ms at most", q->most.count() / 1000.0)});
  if (std::optional<Fairness> f = FairnessOf(e))
    out.push_back({.name = "fairness",
                   .value = std::round(f->index * 100) / 100,
                   .unit = "Jain's index",
                   .words = fmt::format("the first copy {:.2f} Mbit/s, the second {:.2f}, over "
                                        "the last {:.1f} s both sent",
                                        f->bps[0] / 1e6, f->bps[1] / 1e6,
                                        (f->both_to - f->from).count() / 1e6),
                   .leaderboard = expect && expect->fairness_at_least.has_value()});
  if (std::optional<Fairness> f = BesideTcpOf(e))
    out.push_back({.name = "share beside TCP",
                   .value = std::round(ShareOf(*f) * 100),
                   .unit = "% of the two",
                   .words = fmt::format("{:.2f} Mbit/s against TCP's ({}) {:.2f}, over the last "
                                        "{:.1f} s both sent",
                                        f->bps[0] / 1e6, e.tcp->congestion_control, f->bps[1] / 1e6,
                                        (f->both_to - f->from).count() / 1e6)});
  out.push_back({.name = "most in flight",
                 .value = static_cast<double>(s.max_in_flight),
                 .unit = "packets",
                 .unit_of_one = "packet",
                 .words = ""});
  out.push_back({.name = "sent again",
                 .value = static_cast<double>(s.resends.size()),
                 .unit = "packets",
                 .unit_of_one = "packet",
                 .words = fmt::format("the link lost {}", s.lost_out)});
  return out;
}

namespace {

// `full_at`: the points in proportion to how far the goodput went from the pass mark to
// full_at, rounded down, at least 1 (it passed); from full_at on, all of them (nullopt).
std::optional<check::PartialCredit> FormulaPoints(const Evidence& e, const spec::TransportExpect& x,
                                                  double share, int points) {
  const double from = x.goodput_at_least.value_or(0), to = *x.goodput_full_at;
  if (share >= to || points < 2) return std::nullopt;
  const double part = std::clamp((share - from) / (to - from), 0.0, 1.0);
  const int got = std::max(1, static_cast<int>(std::floor(part * points + 1e-9)));
  return check::PartialCredit{
      .points = got,
      .words = fmt::format(
          "{} of {} points: a goodput of {:.0f}% of what {} is {:.0f}% of the way from the pass "
          "mark ({:g}%) to {:g}%, which gets all {}.",
          got, points, 100 * share, Allows(e), 100 * part, 100 * from, 100 * to, points)};
}

}  // namespace

std::optional<check::PartialCredit> TierPoints(const observe::Observation& obs) {
  const Evidence* e = dynamic_cast<const Evidence*>(obs.kind.get());
  const spec::TransportExpect* x = ExpectOf(obs.test->expect);
  if (!e || !e->records || !e->student_sends || !x) return std::nullopt;
  if (x->goodput_tiers.empty() && !x->goodput_full_at) return std::nullopt;
  std::optional<Goodput> g = GoodputOf(*e, ReadSender(e->format, *e->records, e->window));
  if (!g) return std::nullopt;
  if (x->goodput_full_at) return FormulaPoints(*e, *x, g->share, obs.test->points);
  const auto& tiers = x->goodput_tiers;
  size_t reached = 0;
  for (size_t i = 0; i < tiers.size(); ++i)
    if (g->share >= tiers[i].at_least) reached = i;
  if (reached + 1 == tiers.size()) return std::nullopt;
  const spec::TransportExpect::Tier& next = tiers[reached + 1];
  return check::PartialCredit{
      .points = tiers[reached].points,
      .words =
          fmt::format("{} of {} points: a goodput of {:.0f}% of what {} reaches the {:g}% tier; "
                      "{:g}% gets {}.",
                      tiers[reached].points, tiers.back().points, 100 * g->share, Allows(*e),
                      100 * tiers[reached].at_least, 100 * next.at_least, next.points)};
}

}  // namespace netgrade::transport
