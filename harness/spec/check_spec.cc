#include "harness/spec/check_spec.h"

#include <fmt/core.h>

#include <algorithm>
#include <utility>

#include "harness/spec/captures.h"
#include "harness/spec/scalar.h"
#include "harness/spec/script_rules.h"
#include "harness/spec/suggest.h"

namespace netgrade::spec {
namespace {

YAML::Node At(const YAML::Node& n, const char* key, const char* inner = nullptr) {
  if (!n[key]) return n;
  if (inner != nullptr && n[key].IsMap() && n[key][inner]) return n[key][inner];
  return n[key];
}

void CheckMessages(const std::vector<std::string>& messages, const YAML::Node& at, const char* what,
                   YamlReader& r) {
  for (const std::string& m : messages)
    if (m.find('\n') != std::string::npos) {
      r.Error(at, fmt::format("a message in '{}' holds a newline; give each line as its own item",
                              what));
      return;
    }
}

bool Has(const std::vector<int>& v, int i) { return std::find(v.begin(), v.end(), i) != v.end(); }

// Fault plans the proxies cannot carry out as written: a datagram dropped by index is
// neither duplicated nor held nor late (the proxy would silently do only the drop), and a TCP
// stream has no datagrams to drop, duplicate, hold or make late (the TCP proxy would ignore them).
void CheckFaults(const Spec& spec, const Case& c, const YAML::Node& n, YamlReader& r) {
  const YAML::Node faults = At(n, "faults");
  for (auto [name, d] : {std::pair{"to_student", &c.faults.to_student},
                         std::pair{"from_student", &c.faults.from_student}}) {
    YAML::Node at = faults.IsMap() && faults[name] ? faults[name] : faults;
    auto key = [&](const char* k) { return at.IsMap() && at[k] ? at[k] : at; };
    if (spec.protocol == Protocol::kTcp) {
      const char* udp_only = !d->drop.empty()        ? "drop"
                             : d->drop_rate > 0      ? "drop_rate"
                             : !d->duplicate.empty() ? "duplicate"
                             : !d->hold.empty()      ? "hold"
                             : !d->late.empty()      ? "late"
                                                     : nullptr;
      if (udp_only != nullptr)
        r.Error(
            key(udp_only),
            fmt::format("'{}' is a UDP fault; this spec is TCP, which delivers every byte once and "
                        "in order (use 'slice', 'coalesce', 'delay' or 'reset_after')",
                        udp_only));
      continue;
    }
    for (int i : d->drop) {
      if (Has(d->duplicate, i))
        r.Error(key("duplicate"),
                fmt::format("{}: #{} is both dropped and duplicated; a dropped datagram cannot "
                            "be sent twice (remove #{} from 'drop' or from 'duplicate')",
                            name, i, i));
      if (Has(d->hold, i))
        r.Error(key("hold"),
                fmt::format("{}: #{} is both dropped and held; a dropped datagram cannot be held "
                            "back (remove #{} from 'drop' or from 'hold')",
                            name, i, i));
      if (Has(d->late, i))
        r.Error(key("late"),
                fmt::format("{}: #{} is both dropped and late; a dropped datagram never comes "
                            "(remove #{} from 'drop' or from 'late')",
                            name, i, i));
    }
    for (int i : d->late)
      if (Has(d->hold, i))
        r.Error(key("late"),
                fmt::format("{}: #{} is both held and late; it can wait for one thing only "
                            "(remove #{} from 'hold' or from 'late')",
                            name, i, i));
  }
}

}  // namespace

void CheckCase(const Spec& spec, const Case& c, const YAML::Node& n, YamlReader& r,
               const Unreadable& failed) {
  CheckMessages(c.stdin_lines, At(n, "stdin"), "stdin", r);
  for (const Connection& conn : c.peer.connections)
    CheckMessages(conn.send, At(n, "peer"), "send", r);

  const Role* role = c.role.empty() || failed.role ? nullptr : spec.FindRole(c.role);
  if (!c.role.empty() && !failed.role && role == nullptr) {
    std::vector<std::string> names;
    for (const Role& ro : spec.roles) names.push_back(ro.name);
    std::string near = Nearest(c.role, names);
    r.Error(At(n, "role"),
            near.empty()
                ? fmt::format("unknown role '{}' (the spec has: {})", Cut(c.role), spec.RoleNames())
                : fmt::format("unknown role '{}'; did you mean '{}'?", Cut(c.role), near));
  }
  if (role != nullptr && !failed.peer) {
    // A transport lab's peer is netgrade's own sender (`transfer:`).
    if (role->listens && c.peer.connections.empty() && c.script.empty() && !failed.script &&
        spec.protocol != Protocol::kTransport)
      r.Error(n["peer"] ? n["peer"] : n,
              fmt::format(
                  "role '{}' listens, so the reference peer must connect: give 'peer.connections' "
                  "or a 'script'",
                  c.role));
    if (!role->listens && !c.peer.connections.empty())
      r.Error(At(n, "peer", "connections"),
              fmt::format("role '{}' connects, so the reference peer listens: 'connections' is for "
                          "roles that listen",
                          c.role));
    // What the reference server received is checked only where there is one: a role that
    // listens is graded by the answers its reference client gets ('replies').
    if (role->listens && !failed.expect && c.expect.received_source != ReceivedSource::kUnchecked)
      r.Error(At(n, "expect", "received"),
              fmt::format("role '{}' listens, so there is no reference server to receive anything: "
                          "'received' is for roles that connect; check a listening role's answers "
                          "with 'replies'",
                          c.role));
    if (role->listens && !failed.expect &&
        (!c.expect.received_rules.empty() || c.expect.received_ids))
      for (const char* key :
           {"received_matches", "received_contains", "received_lines", "received_ids"})
        if (n["expect"] && n["expect"].IsMap() && n["expect"][key])
          r.Error(At(n, "expect", key),
                  fmt::format("role '{}' listens, so there is no reference server to receive "
                              "anything: '{}' is for roles that connect; check a listening "
                              "role's answers with 'replies'",
                              c.role, key));
    if (role->listens && c.peer.reply)
      r.Error(At(n, "peer", "reply"),
              fmt::format("role '{}' listens, so the reference peer is a client: "
                          "'reply' is for roles that connect",
                          c.role));
  }
  // reply's placeholders, matches, frame, await, a script's captures and at_once: captures.h.
  CheckComputed(spec, c, role == nullptr || role->listens, n, r);
  const bool peer_and_expect_read =
      !failed.peer && !failed.expect;  // the rules tie the two together
  if (peer_and_expect_read && c.expect.replies != Transform::kNone && c.peer.connections.empty())
    r.Error(At(n, "expect", "replies"),
            "'replies' needs a peer that sends: give 'peer.connections'");
  if (peer_and_expect_read && c.expect.stdout_source == StdoutSource::kPeerReplies && !c.peer.reply)
    r.Error(At(n, "expect", "stdout"), "'stdout: peer-replies' needs 'peer.reply'");
  if (peer_and_expect_read && c.expect.stdout_source == StdoutSource::kPeerSent &&
      c.peer.connections.empty())
    r.Error(At(n, "expect", "stdout"), "'stdout: peer-sent' needs 'peer.connections'");
  if (!failed.expect && c.expect.exit_status && c.expect.exit == ExitRule::kRunning)
    r.Error(At(n, "expect", "exit_status"),
            "'exit_status' needs the program to exit by itself, and 'exit: running' needs it "
            "still running at the end: keep one");
  if (!failed.protocol && spec.protocol == Protocol::kUdp) {
    for (const DirectionFaults* d : {&c.faults.to_student, &c.faults.from_student})
      if (d->slice != 0 || d->coalesce || d->reset_after >= 0)
        r.Error(At(n, "faults"),
                "'slice', 'coalesce' and 'reset_after' are TCP faults; this spec is UDP");
  }
  if (!failed.protocol) CheckFaults(spec, c, n, r);
  if (!failed.protocol && !failed.peer)
    CheckScript(spec, c, role != nullptr && role->listens, role != nullptr, n, r,
                failed.script_gaps);
  if (!failed.protocol && c.peer.interleave && spec.protocol != Protocol::kUdp)
    r.Error(At(n, "peer", "interleave"), "'interleave' is for UDP peers");
  if (!failed.protocol && !failed.peer && c.peer.answers_without_newline &&
      (spec.protocol != Protocol::kTcp || !c.peer.reply))
    r.Error(At(n, "peer", "answers_without_newline"),
            "'answers_without_newline' is for a TCP reference server: give 'reply', in a TCP spec");
}

}  // namespace netgrade::spec
