#include "harness/kinds/transport/spec_keys.h"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>

#include "harness/base/file.h"
#include "harness/base/quantity.h"
#include "harness/spec/given_files.h"
#include "harness/spec/optional_key.h"
#include "harness/spec/scalar.h"

namespace netgrade::spec {
namespace {

constexpr double kMostRate = 10e9;  // 10 Gbit/s
constexpr size_t kMostTraceBytes = 16 << 20;

const std::vector<std::string> kDirectionKeys = {
    "rate",        "trace",        "delay",      "jitter",  "queue",
    "queue_bytes", "loss",         "duplicate",  "reorder", "corrupt",
    "lose",        "duplicate_at", "corrupt_at", "changes", "lose_fin_ack"};

std::optional<double> Rate(const YAML::Node& n, YamlReader& r) {
  std::string why;
  std::optional<double> v;
  if (n.IsScalar()) v = ParseBitRate(n.Scalar(), &why);
  if (!v)
    r.Error(n, fmt::format("{} for 'rate'; write bits per second with their unit, such as 10Mbit "
                           "or 500kbit (leave 'rate' out for a link without a limit)",
                           why.empty() ? "expected a rate, found " + YamlReader::Found(n) : why));
  return v;
}

void LoadChanges(const YAML::Node& n, YamlReader& r, std::vector<LinkChange>* out) {
  if (!n.IsSequence()) {
    r.Error(n, "'changes' is a list such as [{at: 5s, rate: 2Mbit}]");
    return;
  }
  int64_t last = -1;
  for (const YAML::Node& item : n) {
    if (!r.Map(item, "a change", {"at", "rate", "loss", "delay"})) continue;
    if (!r.Required(item, "at", "a change")) continue;
    LinkChange c;
    c.mark = YamlReader::MarkOf(item);
    if (auto t = r.DurationMs(item["at"], "at", 0, 600000)) c.at_ms = *t;
    if (c.at_ms <= last)
      r.Error(item["at"], "the changes of a link come in the order of their 'at'");
    last = c.at_ms;
    if (item["rate"]) c.rate_bps = Rate(item["rate"], r);
    if (item["loss"]) c.loss = r.Share(item["loss"], "loss");
    if (item["delay"])
      if (auto t = r.DurationMs(item["delay"], "delay", 0, 10000)) c.delay_ms = *t;
    if (!item["rate"] && !item["loss"] && !item["delay"])
      r.Error(item, "a change changes 'rate', 'loss' or 'delay'; this one changes nothing");
    out->push_back(std::move(c));
  }
}

void LoadTraceFile(const YAML::Node& n, YamlReader& r, const std::string& spec_file,
                   LinkDirection* d) {
  auto from = r.String(n, "trace");
  if (!from) return;
  if (!IsGivenFilePath(*from)) {
    r.Error(n, fmt::format("'trace' names a file beside the spec or in a folder under it (no "
                           "'..', not absolute), found '{}'",
                           Cut(*from)));
    return;
  }
  namespace fs = std::filesystem;
  fs::path at = fs::path(spec_file).parent_path() / *from;
  std::optional<std::string> bytes = ReadFile(at.string(), kMostTraceBytes + 1);
  if (!bytes) {
    r.Error(n, fmt::format("cannot read the trace '{}' (looked for {})", Cut(*from), at.string()));
    return;
  }
  std::string why;
  auto trace = ParseTrace(*bytes, &why);
  if (!trace) {
    r.Error(n, fmt::format("the trace '{}' {}; a Mahimahi trace has one line per 1500-byte "
                           "delivery opportunity, its time in ms, in order (12 lines of 0 to 11 "
                           "make 12 Mbit/s)",
                           Cut(*from), why));
    return;
  }
  d->trace_ms = std::move(*trace);
  d->trace_from = *from;
}

// The keys of one direction in `n`, over what `d` holds already.
void LoadDirection(const YAML::Node& n, YamlReader& r, const std::string& spec_file,
                   LinkDirection* d) {
  if (n["rate"])
    if (auto v = Rate(n["rate"], r)) d->rate_bps = *v;
  if (n["trace"]) LoadTraceFile(n["trace"], r, spec_file, d);
  if (n["delay"])
    if (auto t = r.DurationMs(n["delay"], "delay", 0, 10000)) d->delay_ms = *t;
  if (n["jitter"])
    if (auto t = r.DurationMs(n["jitter"], "jitter", 0, 10000)) d->jitter_ms = *t;
  if (n["queue"])
    if (auto v = r.Integer(n["queue"], "queue (packets)", 1, 100000)) d->queue_packets = *v;
  if (n["queue_bytes"])
    if (auto v = r.Integer(n["queue_bytes"], "queue_bytes", 1500, 1 << 30)) d->queue_bytes = *v;
  if (n["loss"])
    if (auto v = r.Share(n["loss"], "loss")) d->loss = *v;
  if (n["duplicate"])
    if (auto v = r.Share(n["duplicate"], "duplicate")) d->duplicate = *v;
  if (n["reorder"])
    if (auto v = r.Share(n["reorder"], "reorder")) d->reorder = *v;
  if (n["corrupt"])
    if (auto v = r.Share(n["corrupt"], "corrupt")) d->corrupt = *v;
  if (auto v = OptionalKey(r, n, "lose", &YamlReader::IndexList)) d->lose = *v;
  if (auto v = OptionalKey(r, n, "duplicate_at", &YamlReader::IndexList)) d->duplicate_at = *v;
  if (auto v = OptionalKey(r, n, "corrupt_at", &YamlReader::IndexList)) d->corrupt_at = *v;
  if (n["changes"]) {
    // A direction's own changes replace the link's, as its own `lose` does.
    d->changes.clear();
    LoadChanges(n["changes"], r, &d->changes);
  }
  if (n["lose_fin_ack"])
    if (auto v = r.Integer(n["lose_fin_ack"], "lose_fin_ack", 0, 10)) d->lose_fin_ack = *v;
}

}  // namespace

std::optional<double> ParseBitRate(const std::string& text, std::string* why) {
  std::string s;
  for (char c : text)
    if (c != ' ') s += c;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, "/s") == 0) s.resize(s.size() - 2);
  if (s.size() > 3 && s.compare(s.size() - 3, 3, "bps") == 0) s.replace(s.size() - 3, 3, "bit");
  double v = 0;
  auto [at, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || !std::isfinite(v)) {
    *why = fmt::format("'{}' is no rate", Cut(text));
    return std::nullopt;
  }
  std::string unit(at, static_cast<const char*>(s.data() + s.size()));
  double scale = unit == "bit"                      ? 1
                 : unit == "kbit" || unit == "Kbit" ? 1e3
                 : unit == "Mbit"                   ? 1e6
                 : unit == "Gbit"                   ? 1e9
                                                    : 0;
  if (scale == 0) {
    *why = fmt::format("'{}' has no unit of bits per second (bit, kbit, Mbit, Gbit)", Cut(text));
    return std::nullopt;
  }
  v *= scale;
  if (v <= 0) {
    *why = fmt::format("a rate of {} carries nothing", Cut(text));
    return std::nullopt;
  }
  if (v < 8000 || v > kMostRate) {
    *why = fmt::format("a rate of {} is outside 8kbit to 10Gbit", Cut(text));
    return std::nullopt;
  }
  return v;
}

std::optional<std::vector<uint32_t>> ParseTrace(const std::string& text, std::string* why) {
  std::vector<uint32_t> out;
  size_t line = 0, start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view l(text.data() + start, end - start);
    ++line;
    start = end + 1;
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.remove_suffix(1);
    if (l.empty()) continue;
    uint32_t ms = 0;
    auto [at, ec] = std::from_chars(l.data(), l.data() + l.size(), ms);
    if (ec != std::errc() || at != l.data() + l.size()) {
      *why =
          fmt::format("has '{}' on line {}, not a whole number of ms", Cut(std::string(l)), line);
      return std::nullopt;
    }
    if (!out.empty() && ms < out.back()) {
      *why = fmt::format("goes back in time on line {} ({} after {})", line, ms, out.back());
      return std::nullopt;
    }
    out.push_back(ms);
  }
  if (out.empty()) {
    *why = "has no lines";
    return std::nullopt;
  }
  if (out.back() == 0) {
    *why = "ends at 0 ms, so it never repeats";
    return std::nullopt;
  }
  return out;
}

const KindKeys& TransportKindKeys() {
  static const KindKeys keys{
      .name = "transport",
      .protocol = Protocol::kTransport,
      .top_keys = {"packet"},
      .case_keys = {"link", "transfer"},
      .expect_keys = TransportExpectKeys(),
      .maps = {{"packet", PacketKeys()},
               {"packet field", PacketFieldKeys()},
               {"link", LinkKeys()},
               {"transfer", TransferKeys()}},
      .load_spec =
          [](const YAML::Node& root, YamlReader& r, bool protocol_known, Spec* spec) {
            if (root["packet"])
              LoadPacket(root["packet"], r, &transport::EditSpec(*spec)->packet.emplace());
            if (spec->protocol == Protocol::kTransport && !transport::PacketOf(*spec) &&
                protocol_known)
              r.Error(root["protocol"],
                      "a transport lab gives its packet's header: 'packet: {fields: ...}'");
            CheckTransportSpec(*spec, r);
          },
      .load_case =
          [](const YAML::Node& n, YamlReader& r, const Spec& spec, Case* c) {
            // A case holds one kind's part: another kind's (a path of routers) is not given up
            // for a key of this one, which is an error there (CheckTransportSpec says it of a
            // kind with no part).
            if ((n["link"] || n["transfer"]) && c->kind_part &&
                !dynamic_cast<const TransportCasePart*>(c->kind_part.get())) {
              for (const char* key : {"link", "transfer"})
                if (n[key])
                  r.Error(n[key], fmt::format("'{}' is for a spec of 'protocol: transport'", key));
              return;
            }
            if (n["link"] || n["transfer"]) {
              TransportCasePart* part = transport::EditCase(*c);
              if (n["link"]) LoadLink(n["link"], r, spec.file, &part->link.emplace());
              if (n["transfer"]) LoadTransfer(n["transfer"], r, &part->transfer.emplace());
            }
            if (n["transfer"] && n["transfer"].IsMap() && n["transfer"]["peer"])
              LoadPeerProgram(n["transfer"]["peer"], r, spec, c);
          },
      .load_expect = LoadTransportExpect,
  };
  return keys;
}

const std::vector<std::string>& LinkKeys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k = kDirectionKeys;
    k.push_back("out");
    k.push_back("back");
    return k;
  }();
  return keys;
}

const std::vector<std::string>& TransferKeys() {
  static const std::vector<std::string> keys = {"file",         "window", "timeout", "copies",
                                                "second_after", "beside", "peer"};
  return keys;
}

const std::vector<std::string>& TransportExpectKeys() {
  static const std::vector<std::string> keys = {
      "delivered", "well_formed", "in_flight",   "resends",  "goodput",
      "acks",      "fin_resent",  "queue_delay", "fairness", "share"};
  return keys;
}

void LoadLink(const YAML::Node& n, YamlReader& r, const std::string& spec_file, TransportLink* l) {
  l->mark = YamlReader::MarkOf(n);
  if (!r.Map(n, "'link'", LinkKeys())) return;
  LinkDirection both;
  LoadDirection(n, r, spec_file, &both);
  l->out = both;
  l->back = both;
  if (n["out"] && r.Map(n["out"], "'out'", kDirectionKeys))
    LoadDirection(n["out"], r, spec_file, &l->out);
  if (n["back"] && r.Map(n["back"], "'back'", kDirectionKeys))
    LoadDirection(n["back"], r, spec_file, &l->back);
}

void LoadTransfer(const YAML::Node& n, YamlReader& r, Transfer* t) {
  t->mark = YamlReader::MarkOf(n);
  if (!r.Map(n, "'transfer'", TransferKeys())) return;
  if (r.Required(n, "file", "'transfer'"))
    if (auto s = r.String(n["file"], "file")) t->file = *s;
  if (n["window"])
    if (auto v = r.Integer(n["window"], "window", 1, 4096)) t->window = *v;
  if (n["timeout"])
    if (auto v = r.DurationMs(n["timeout"], "timeout", 10, 10000)) t->timeout_ms = *v;
  if (n["copies"])
    if (auto v = r.Integer(n["copies"], "copies", 1, 2)) t->copies = static_cast<int>(*v);
  if (n["beside"])
    if (r.Enum(n["beside"], "beside", {"tcp"})) t->beside_tcp = true;
  if (n["second_after"]) {
    if (auto v = r.DurationMs(n["second_after"], "second_after", 0, 60000)) t->second_after_ms = *v;
    if (t->copies < 2)
      r.Error(n["second_after"],
              "'second_after' is when the second copy of the sender starts: "
              "give 'copies: 2' with it");
  }
}

void LoadPeerProgram(const YAML::Node& n, YamlReader& r, const Spec& spec, Case* c) {
  if (!r.Map(n, "'peer'", {"folder", "argv"})) return;
  if (!r.Required(n, "folder", "'peer'")) return;
  auto folder = r.String(n["folder"], "folder");
  if (!folder) return;
  namespace fs = std::filesystem;
  if (!IsGivenFilePath(*folder)) {
    r.Error(n["folder"], fmt::format("'folder' names a folder beside the spec or under it (no "
                                     "'..', not absolute), found '{}'",
                                     Cut(*folder)));
    return;
  }
  const fs::path at = fs::absolute(fs::path(spec.file).parent_path() / *folder).lexically_normal();
  std::error_code ec;
  if (!fs::is_directory(at, ec)) {
    r.Error(n["folder"], fmt::format("the peer's folder '{}' is not there (looked for {}): it "
                                     "holds the instructor's program for the other role",
                                     Cut(*folder), at.string()));
    return;
  }
  PeerProgram p{.folder = at.string(),
                .written = *folder,
                .role = "",
                .argv = std::nullopt,
                .mark = YamlReader::MarkOf(n)};
  if (n["argv"]) {
    p.argv = r.StringList(n["argv"], "argv");
    if (!p.argv) return;
    for (const std::string& arg : *p.argv)
      for (const std::string& ph : Placeholders(arg))
        if (ph != "{host}" && ph != "{port}")
          r.Error(n["argv"], fmt::format("unknown placeholder {} in the peer's argv (use {{host}} "
                                         "or {{port}})",
                                         Cut(ph)));
  }
  // The other role: the one that listens where the case's does not.
  const Role* own = spec.FindRole(c->role);
  for (const Role& ro : spec.roles)
    if (own && ro.listens != own->listens) p.role = ro.name;
  if (own && p.role.empty())
    r.Error(n, fmt::format("the peer's program plays the role that case '{}' does not: the spec "
                           "has none besides '{}' (a sender and a receiver)",
                           c->name, c->role));
  c->peer_program = std::move(p);
}

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
  // An `expect` holds one kind's part: another kind's is not given up for these keys.
  if (e->kind_part && !dynamic_cast<const TransportExpect*>(e->kind_part.get())) {
    for (const std::string& k : TransportExpectKeys())
      if (n[k]) r.Error(n[k], fmt::format("'{}' is for a spec of 'protocol: transport'", k));
    return;
  }
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
