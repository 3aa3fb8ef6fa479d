// Loading a transport lab's `expect:` keys (kinds/transport/spec_keys.h's LoadTransportExpect):
// what is judged on the protocol's own packets, its goodput's tiers or formula, a share beside
// TCP. Of the spec stage, as spec_keys.cc.
#include <fmt/core.h>

#include <algorithm>

#include "harness/kinds/transport/spec_keys.h"
#include "harness/spec/optional_key.h"
#include "harness/spec/scalar.h"

namespace netgrade::spec {

namespace {

// `tiers: [{at_least: 50%, points: 1}, {at_least: 75%, points: 2}]`: ascending in both.
void LoadGoodputTiers(const YAML::Node& n, YamlReader& r, TransportExpect* t) {
  if (!n.IsSequence() || n.size() == 0) {
    r.Error(n,
            "'tiers' is a list of {at_least: SHARE, points: N}, lowest first, such as "
            "[{at_least: 50%, points: 1}, {at_least: 90%, points: 2}]; found " +
                YamlReader::Found(n));
    return;
  }
  std::vector<TransportExpect::Tier> tiers;  // kept only when every one is right
  for (const YAML::Node& tier : n) {
    if (!r.Map(tier, "a tier", {"at_least", "points"})) return;
    if (!r.Required(tier, "at_least", "a tier") || !r.Required(tier, "points", "a tier")) return;
    std::optional<double> share = r.Share(tier["at_least"], "at_least");
    std::optional<int64_t> points = r.Integer(tier["points"], "points", 0, 1000);
    if (!share || !points) return;
    TransportExpect::Tier next{*share, static_cast<int>(*points), YamlReader::MarkOf(tier)};
    if (!tiers.empty()) {
      const TransportExpect::Tier& before = tiers.back();
      if (next.at_least <= before.at_least || next.points <= before.points) {
        r.Error(tier, fmt::format("tiers go up: each asks more than the one before ({:g}%) and "
                                  "gives more points ({}); this one asks {:g}% for {}",
                                  100 * before.at_least, before.points, 100 * next.at_least,
                                  next.points));
        return;
      }
    }
    tiers.push_back(next);
  }
  t->goodput_tiers = std::move(tiers);
}

// `full_at: 85%` beside `at_least: 50%`: points in proportion between the two. Tiers say the
// same in steps: one or the other.
void LoadFullAt(const YAML::Node& g, YamlReader& r, TransportExpect* t) {
  const YAML::Node full = g["full_at"];
  if (g["tiers"]) {
    r.Error(full,
            "'full_at' gives points in proportion between 'at_least' and it; 'tiers' gives "
            "them in steps: give one of the two");
    return;
  }
  if (!g["at_least"]) {
    r.Error(full,
            "'full_at' needs the pass mark beside it, where the points start: such as "
            "{at_least: 50%, full_at: 85%}");
    return;
  }
  std::optional<double> v = r.Share(full, "full_at");
  std::optional<double> pass = r.Share(g["at_least"], "at_least");
  if (!v || !pass) return;
  if (*v <= *pass) {
    r.Error(full, fmt::format("'full_at' ({:g}%) must ask more than the pass mark 'at_least' "
                              "({:g}%): the points grow between the two",
                              100 * *v, 100 * *pass));
    return;
  }
  t->goodput_full_at = *v;
  t->full_at_mark = YamlReader::MarkOf(full);
}

// `share: {at_least: 30%, at_most: 70%}`: the sender's share of the goodput beside a kernel
// TCP flow; either bound or both, the lower under the higher.
void LoadShare(const YAML::Node& n, YamlReader& r, TransportExpect* t) {
  t->share_mark = YamlReader::MarkOf(n);
  if (!n["at_least"] && !n["at_most"]) {
    r.Error(n,
            "'share' gives 'at_least', 'at_most' or both, such as {at_least: 30%, at_most: 70%}");
    return;
  }
  std::optional<double> low, high;
  if (n["at_least"]) low = r.Share(n["at_least"], "at_least");
  if (n["at_most"]) high = r.Share(n["at_most"], "at_most");
  if (low && high && *low >= *high) {
    r.Error(n["at_most"], fmt::format("'at_most' ({:g}%) must be more than 'at_least' ({:g}%)",
                                      100 * *high, 100 * *low));
    return;
  }
  t->share_at_least = low;
  t->share_at_most = high;
}

}  // namespace

void LoadTransportExpect(const YAML::Node& n, YamlReader& r, Expect* e) {
  bool any = false;
  for (const std::string& k : TransportExpectKeys()) any = any || n[k];
  if (!any) return;
  if (RefusedForAnotherKind<TransportExpect>(n, TransportExpectKeys(), e->kind_part, r)) return;
  TransportExpect& t = *transport::EditExpect(*e);
  t.mark = YamlReader::MarkOf(n);
  if (auto b = OptionalKey(r, n, "delivered", &YamlReader::Bool)) t.delivered = *b;
  if (auto b = OptionalKey(r, n, "well_formed", &YamlReader::Bool)) t.well_formed = *b;
  if (auto b = OptionalKey(r, n, "fin_resent", &YamlReader::Bool)) t.fin_resent = *b;
  if (n["acks"])
    if (auto v = r.Enum(n["acks"], "acks", {"cumulative", "selective"})) {
      t.acks = true;
      t.acks_as = *v == "selective" ? AckKind::kSelective : AckKind::kCumulative;
      t.acks_mark = YamlReader::MarkOf(n["acks"]);
    }
  if (n["in_flight"] && r.Map(n["in_flight"], "'in_flight'", {"at_most", "reaching", "sliding"})) {
    const YAML::Node f = n["in_flight"];
    if (f["at_most"])
      if (auto v = r.Integer(f["at_most"], "at_most", 1, 4096)) t.in_flight_at_most = *v;
    if (f["reaching"])
      if (auto v = r.Integer(f["reaching"], "reaching", 1, 4096)) t.in_flight_reaching = *v;
    if (f["sliding"])
      if (auto b = r.Bool(f["sliding"], "sliding")) t.in_flight_sliding = *b;
  }
  if (n["resends"] && r.Map(n["resends"], "'resends'",
                            {"not_before", "at_most_per_timeout", "spurious_at_most", "backoff"})) {
    const YAML::Node f = n["resends"];
    if (f["not_before"])
      if (auto v = r.DurationMs(f["not_before"], "not_before", 1, 10000))
        t.resend_not_before_ms = *v;
    if (f["at_most_per_timeout"])
      if (auto v = r.Integer(f["at_most_per_timeout"], "at_most_per_timeout", 1, 4096))
        t.resends_per_timeout = *v;
    if (f["spurious_at_most"])
      if (auto v = r.Share(f["spurious_at_most"], "spurious_at_most")) t.spurious_at_most = *v;
    if (auto b = OptionalKey(r, f, "backoff", &YamlReader::Bool)) t.backoff = *b;
  }
  if (n["queue_delay"] && r.Map(n["queue_delay"], "'queue_delay'", {"at_most", "from"})) {
    const YAML::Node q = n["queue_delay"];
    if (r.Required(q, "at_most", "'queue_delay'"))
      if (auto v = r.DurationMs(q["at_most"], "at_most", 0, 60000)) t.queue_delay_at_most_ms = *v;
    if (q["from"])
      if (auto v = r.DurationMs(q["from"], "from", 0, 600000)) t.queue_delay_from_ms = *v;
  }
  if (n["fairness"] && r.Map(n["fairness"], "'fairness'", {"at_least"}) &&
      r.Required(n["fairness"], "at_least", "'fairness'")) {
    const YAML::Node f = n["fairness"]["at_least"];
    if (std::optional<double> v = r.Share(f, "at_least")) {
      if (*v <= 0.5)
        r.Error(f, fmt::format("Jain's index of two flows is at least 0.5 whatever they get (0.5: "
                               "one took the whole link): ask more, such as 0.9; found {:g}",
                               *v));
      else
        t.fairness_at_least = *v;
    }
  }
  if (n["share"] && r.Map(n["share"], "'share'", {"at_least", "at_most"}))
    LoadShare(n["share"], r, &t);
  if (n["goodput"] && r.Map(n["goodput"], "'goodput'", {"at_least", "tiers", "full_at"})) {
    const YAML::Node g = n["goodput"];
    if (g["tiers"]) LoadGoodputTiers(g["tiers"], r, &t);
    if (g["full_at"]) LoadFullAt(g, r, &t);
    if (!g["tiers"] && !g["full_at"] && !r.Required(g, "at_least", "'goodput'")) return;
    if (g["at_least"]) {
      std::optional<double> v = r.Share(g["at_least"], "at_least");
      if (v && !t.goodput_tiers.empty() && *v != t.goodput_tiers.front().at_least)
        r.Error(g["at_least"],
                fmt::format("'at_least' is where the first tier starts ({:g}%): give one of the "
                            "two, or the same share in both",
                            100 * t.goodput_tiers.front().at_least));
      else if (v)
        t.goodput_at_least = *v;
    } else if (!t.goodput_tiers.empty()) {
      t.goodput_at_least = t.goodput_tiers.front().at_least;
    }
  }
}

}  // namespace netgrade::spec
