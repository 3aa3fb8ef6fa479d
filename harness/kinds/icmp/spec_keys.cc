#include "harness/kinds/icmp/spec_keys.h"

#include <arpa/inet.h>
#include <fmt/core.h>

#include <algorithm>
#include <memory>
#include <set>

#include "harness/base/quantity.h"
#include "harness/spec/optional_key.h"
#include "harness/spec/scalar.h"

namespace netgrade::spec {
namespace {

constexpr int kMostRouters = 8;

bool IsAddress(const std::string& s) {
  in_addr a{};
  return ::inet_pton(AF_INET, s.c_str(), &a) == 1;
}

void LoadRouters(const YAML::Node& n, YamlReader& r, IcmpPath* p) {
  if (n.IsSequence()) {
    auto list = r.StringList(n, "routers");
    if (!list) return;
    if (list->empty() || list->size() > kMostRouters) {
      r.Error(n, fmt::format("a path has 1 to 8 routers, found {}", list->size()));
      return;
    }
    for (size_t i = 0; i < list->size(); ++i)
      if (!IsAddress((*list)[i])) {
        r.Error(n[i], fmt::format("'{}' is no IPv4 address; write a router's address such as "
                                  "10.0.1.1",
                                  Cut((*list)[i])));
        return;
      }
    p->addresses = *list;
    p->routers = static_cast<int>(list->size());
    return;
  }
  if (auto v = r.Integer(n, "routers", 1, kMostRouters)) p->routers = static_cast<int>(*v);
}

}  // namespace

const std::vector<std::string>& IcmpPathKeys() {
  static const std::vector<std::string> keys = {
      "routers", "destination", "silent", "unreachable",      "delay",   "jitter",
      "lose",    "duplicate",   "late",   "other_identifier", "hop_loss"};
  return keys;
}

const std::vector<std::string>& EchoRequestsKeys() {
  static const std::vector<std::string> keys = {"count", "round_trips", "sequence", "keeps_pinging",
                                                "pause"};
  return keys;
}

const KindKeys& IcmpKindKeys() {
  static const KindKeys keys{
      .name = "icmp",
      .protocol = Protocol::kIcmp,
      .top_keys = {},
      .case_keys = {"path"},
      .expect_keys = {"echo_requests", "ttl_probes"},
      .maps = {{"path", IcmpPathKeys()},
               {"echo_requests", EchoRequestsKeys()},
               {"ttl_probes", TtlProbesKeys()}},
      .load_spec = {},
      .load_case =
          [](const YAML::Node& n, YamlReader& r, const Spec& spec, Case* c) {
            if (spec.protocol != Protocol::kIcmp) {
              if (n["path"])
                r.Error(n["path"],
                        "'path' (a path of routers) is for a spec of 'protocol: icmp'; a TCP "
                        "or UDP case's network is 'topology'");
              return;
            }
            // Every ICMP case has its path: one router when it names none.
            auto part = std::make_shared<IcmpCasePart>();
            part->path.mark = c->mark;
            if (n["path"]) LoadIcmpPath(n["path"], r, &part->path);
            c->kind_part = std::move(part);
          },
      .load_expect =
          [](const YAML::Node& n, YamlReader& r, Expect* e) {
            auto part = std::make_shared<IcmpExpect>();
            if (n["echo_requests"])
              LoadEchoRequests(n["echo_requests"], r, &part->echo_requests.emplace());
            if (n["ttl_probes"]) LoadTtlProbes(n["ttl_probes"], r, &part->ttl_probes.emplace());
            if (part->echo_requests || part->ttl_probes) e->kind_part = std::move(part);
          },
      // Its checks read the program's printed lines, whose `hints:` are the shared checks'.
      .hint_codes = {},
      .owns_expect = nullptr,
  };
  return keys;
}

void LoadIcmpPath(const YAML::Node& n, YamlReader& r, IcmpPath* p) {
  p->mark = YamlReader::MarkOf(n);
  if (!r.Map(n, "'path'", IcmpPathKeys())) return;
  if (n["routers"]) LoadRouters(n["routers"], r, p);
  if (auto d = OptionalKey(r, n, "destination", &YamlReader::String)) {
    if (*d == "any")
      p->any_destination = true;
    else if (IsAddress(*d))
      p->destination = *d;
    else
      r.Error(n["destination"],
              fmt::format("'{}' is no IPv4 address; write the destination's address such as "
                          "192.0.2.7, 'any' for a destination that answers every address, or "
                          "leave 'destination' out to draw one from the seed",
                          Cut(*d)));
  }
  if (auto v = OptionalKey(r, n, "silent", &YamlReader::IndexList)) {
    p->silent = *v;
    for (int hop : p->silent)
      if (hop > p->routers)
        r.Error(n["silent"], fmt::format("'silent' names router {} of a path of {}; routers are "
                                         "numbered from 1, the first after the program",
                                         hop, p->routers));
  }
  if (auto b = OptionalKey(r, n, "unreachable", &YamlReader::Bool)) p->unreachable = *b;
  if (n["delay"])
    if (auto t = r.DurationMs(n["delay"], "delay", 0, 900)) p->delay_ms = static_cast<int>(*t);
  if (n["jitter"])
    if (auto t = r.DurationMs(n["jitter"], "jitter", 0, 900)) p->jitter_ms = static_cast<int>(*t);
  if (p->delay_ms + p->jitter_ms > 900)
    r.Error(n["jitter"] ? n["jitter"] : n["delay"],
            fmt::format("'delay' and 'jitter' together make {} ms, past a pinger's 1 s timeout; "
                        "keep them under 900 ms (a lost answer is 'lose')",
                        p->delay_ms + p->jitter_ms));
  if (auto v = OptionalKey(r, n, "lose", &YamlReader::IndexList)) p->lose = *v;
  if (auto v = OptionalKey(r, n, "duplicate", &YamlReader::IndexList)) p->duplicate = *v;
  if (auto v = OptionalKey(r, n, "late", &YamlReader::IndexList)) p->late = *v;
  if (auto v = OptionalKey(r, n, "other_identifier", &YamlReader::IndexList))
    p->other_identifier = *v;
  if (n["hop_loss"])
    if (auto v = r.Share(n["hop_loss"], "hop_loss")) p->hop_loss = *v;
}

const std::vector<std::string>& TtlProbesKeys() {
  static const std::vector<std::string> keys = {"most_per_ttl", "more_traces", "identifier"};
  return keys;
}

void LoadTtlProbes(const YAML::Node& n, YamlReader& r, TtlProbes* t) {
  t->mark = YamlReader::MarkOf(n);
  if (n.IsScalar()) {
    if (auto b = r.Bool(n, "ttl_probes"); b && !*b)
      r.Error(n, "'ttl_probes: false' checks nothing; leave the key out instead");
    return;
  }
  if (!r.Map(n, "'ttl_probes'", TtlProbesKeys())) return;
  if (n["most_per_ttl"])
    if (auto v = r.Integer(n["most_per_ttl"], "most_per_ttl", 1, 10))
      t->most_per_ttl = static_cast<int>(*v);
  if (auto b = OptionalKey(r, n, "more_traces", &YamlReader::Bool)) t->more_traces = *b;
  if (auto s = OptionalKey(r, n, "identifier", &YamlReader::String)) {
    if (*s == "any")
      t->any_identifier = true;
    else if (*s != "one")
      r.Error(n["identifier"], fmt::format("'identifier' is 'one' (the first request's for the "
                                           "whole run, the default) or 'any' (one per request "
                                           "allowed), not '{}'",
                                           Cut(*s)));
  }
}

void LoadEchoRequests(const YAML::Node& n, YamlReader& r, EchoRequests* e) {
  e->mark = YamlReader::MarkOf(n);
  if (n.IsScalar()) {
    if (auto v = r.Integer(n, "echo_requests", 1, 1000)) e->count = static_cast<int>(*v);
    return;
  }
  if (!r.Map(n, "'echo_requests'", EchoRequestsKeys())) return;
  if (!r.Required(n, "count", "'echo_requests'")) return;
  if (auto v = r.Integer(n["count"], "count", 1, 1000)) e->count = static_cast<int>(*v);
  if (const YAML::Node t = n["round_trips"]; t && t.IsScalar() && t.Scalar() == "free_form")
    e->round_trips = e->free_form = true;
  else if (auto b = OptionalKey(r, n, "round_trips", &YamlReader::Bool))
    e->round_trips = *b;
  if (auto s = OptionalKey(r, n, "sequence", &YamlReader::String)) {
    if (*s == "any")
      e->any_sequence = true;
    else if (*s != "counting")
      r.Error(n["sequence"], fmt::format("'sequence' is 'counting' (1 to COUNT, the default) or "
                                         "'any' (the textbook's constant 1 included), not '{}'",
                                         Cut(*s)));
  }
  if (auto b = OptionalKey(r, n, "keeps_pinging", &YamlReader::Bool)) e->keeps_pinging = *b;
  if (n["pause"])
    if (auto t = r.DurationMs(n["pause"], "pause", 0, 5000)) e->pause_ms = static_cast<int>(*t);
}

}  // namespace netgrade::spec
