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
            // Another kind's part (a path of routers) is not given up for these keys
            // (CheckTransportSpec says it of a kind with no part).
            if (RefusedForAnotherKind<TransportCasePart>(n, {"link", "transfer"}, c->kind_part, r))
              return;
            if (n["link"] || n["transfer"]) {
              TransportCasePart* part = transport::EditCase(*c);
              if (n["link"]) LoadLink(n["link"], r, spec.file, &part->link.emplace());
              if (n["transfer"]) LoadTransfer(n["transfer"], r, &part->transfer.emplace());
            }
            if (n["transfer"] && n["transfer"].IsMap() && n["transfer"]["peer"])
              LoadPeerProgram(n["transfer"]["peer"], r, spec, c);
          },
      .load_expect = LoadTransportExpect,
      .hint_codes = TransportHintCodes(),
      .owns_expect = [](const Expect& e) { return transport::ExpectOf(e) != nullptr; },
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

const std::vector<std::string>& TransportHintCodes() {
  static const std::vector<std::string> codes = {"not_delivered",
                                                 "stop_and_wait",
                                                 "window_unused",
                                                 "window_not_sliding",
                                                 "missing_ack",
                                                 "window_exceeded",
                                                 "host_byte_order",
                                                 "payload_too_big",
                                                 "bad_packet",
                                                 "resend_too_soon",
                                                 "resend_on_duplicate_ack",
                                                 "needless_resend",
                                                 "no_resend",
                                                 "fin_not_resent",
                                                 "slow_transfer",
                                                 "seq_reused",
                                                 "no_congestion_control",
                                                 "window_doubles",
                                                 "window_collapse",
                                                 "standing_queue",
                                                 "second_copy_failed",
                                                 "unfair_share",
                                                 "share_beside_tcp",
                                                 "timeout_not_backed_off",
                                                 "corrupt_accepted",
                                                 "duplicate_written",
                                                 "no_linger",
                                                 "wrong_ack",
                                                 "bad_checksum"};
  return codes;
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

}  // namespace netgrade::spec
