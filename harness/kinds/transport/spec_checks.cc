// What a transport spec must hold together once it is read whole (spec_keys.h's
// CheckTransportSpec): each case's transfer against its files, its role, its link and what it
// expects.
#include <fmt/core.h>

#include <set>
#include <string>

#include "harness/kinds/transport/spec_keys.h"
#include "harness/spec/scalar.h"

namespace netgrade::spec {
namespace {

// `copies: 2` and `fairness:` go together, with a sender the student writes and a file the
// first copy cannot deliver alone before the second starts.
void CheckCopies(const Spec& spec, const Case& c, const Role* role, YamlReader& r) {
  const TransportExpect* x = transport::ExpectOf(c.expect);
  const Transfer& t = *transport::TransferOf(c);
  if (x && x->fairness_at_least && t.copies < 2)
    r.Error(x->mark, fmt::format("'fairness' compares two copies of the sender: give case '{}' "
                                 "'copies: 2' in its transfer (transfer: {{file: {}, copies: 2}})",
                                 c.name, Cut(t.file)));
  if (t.copies < 2) return;
  if (role && role->listens)
    r.Error(t.mark, "'copies: 2' runs two copies of a sender; this case's role receives");
  if (!c.script.empty())
    r.Error(t.mark,
            "'copies: 2' is for a case without a script: the second copy is started "
            "by netgrade at 'second_after'");
  double rate = transport::LinkOf(c) ? transport::LinkOf(c)->out.rate_bps : 0;
  if (rate <= 0 || (transport::LinkOf(c) && !transport::LinkOf(c)->out.changes.empty())) return;
  for (const GivenFile& f : spec.files) {
    if (f.path != t.file) continue;
    const size_t size = f.drawn_bytes.value_or(f.content.size());
    const double alone_ms = static_cast<double>(size) * 8 / rate * 1000;
    if (alone_ms < 2.0 * static_cast<double>(t.second_after_ms))
      r.Error(t.mark,
              fmt::format("the first copy can send '{}' ({} bytes) in {:.1f} s at {:g} Mbit/s, "
                          "and the second starts at {:g} s: they would share the link for too "
                          "short a time to judge; give a file that takes at least twice "
                          "'second_after' alone ({} bytes or more)",
                          Cut(t.file), size, alone_ms / 1000, rate / 1e6,
                          static_cast<double>(t.second_after_ms) / 1000,
                          static_cast<int64_t>(2.0 * static_cast<double>(t.second_after_ms) / 1000 *
                                               rate / 8)));
  }
}

// `beside: tcp` and `share:` go together, with a sender the student writes alone on a link
// with a bottleneck for the two flows to share.
void CheckBesideTcp(const Case& c, const Role* role, YamlReader& r) {
  const TransportExpect* x = transport::ExpectOf(c.expect);
  const Transfer& t = *transport::TransferOf(c);
  const bool share = x && (x->share_at_least || x->share_at_most);
  if (share && !t.beside_tcp)
    r.Error(x->share_mark,
            fmt::format("'share' is the sender's share of the link beside a kernel TCP flow: give "
                        "case '{}' 'beside: tcp' in its transfer (transfer: {{file: {}, beside: "
                        "tcp}})",
                        c.name, Cut(t.file)));
  if (!t.beside_tcp) return;
  if (role && role->listens) {
    r.Error(t.mark,
            "'beside: tcp' runs a kernel TCP flow beside a sender; this case's role receives");
    return;
  }
  if (!c.script.empty()) r.Error(t.mark, "'beside: tcp' is for a case without a script");
  if (t.copies > 1)
    r.Error(t.mark,
            "'beside: tcp' and 'copies: 2' are two cases: one copy beside TCP, or two copies");
  const bool bottleneck = transport::LinkOf(c) && (transport::LinkOf(c)->out.rate_bps > 0 ||
                                                   !transport::LinkOf(c)->out.trace_ms.empty());
  if (!bottleneck)
    r.Error(transport::LinkOf(c) ? transport::LinkOf(c)->mark : t.mark,
            "a kernel TCP flow beside the sender shares the link's bottleneck: give the link a "
            "'rate' from the sender (link: {rate: 10Mbit, delay: 20ms, queue: 48})");
}

// A sender's command line gives it the file and WINDOW that `transfer` names: netgrade's receiver
// compares what comes with `transfer`'s file, so two that disagree fail a right program.
void CheckSenderArgv(const Case& c, const Role* role, YamlReader& r) {
  if (!role || role->listens || transport::TransferOf(c)->file.empty()) return;
  const std::vector<std::string>& argv = CaseArgv(*role, c);
  auto has = [&](const std::string& word) {
    for (const std::string& a : argv)
      if (a == word || (a.size() > word.size() && a.ends_with("/" + word))) return true;
    return false;
  };
  std::string shown;
  for (const std::string& a : argv) shown += (shown.empty() ? "" : ", ") + Cut(a);
  const std::string window = std::to_string(transport::TransferOf(c)->window);
  if (!has(transport::TransferOf(c)->file))
    r.Error(transport::TransferOf(c)->mark,
            fmt::format("case '{}' transfers '{}', but the command line it gives {} ([{}]) does "
                        "not name that file: give the program the file netgrade's receiver "
                        "compares with (argv: [\"{{host}}\", \"{{port}}\", \"{}\"{}])",
                        c.name, Cut(transport::TransferOf(c)->file), c.role, shown,
                        Cut(transport::TransferOf(c)->file),
                        transport::TransferOf(c)->window > 0 ? ", \"" + window + "\"" : ""));
  else if (transport::TransferOf(c)->window > 0 && !has(window))
    r.Error(transport::TransferOf(c)->mark,
            fmt::format("case '{}' judges a WINDOW of {}, but the command line it gives {} ([{}]) "
                        "has no argument {}: give the program the same WINDOW",
                        c.name, window, c.role, shown, window));
}

// `peer: {folder: DIR}`: the instructor's program plays against one copy of the sender (a
// kernel TCP flow may share the link with them), and a sending one is given the transfer's
// file by its command line.
void CheckPeerProgram(const Spec& spec, const Case& c, YamlReader& r) {
  if (!c.peer_program) return;
  const PeerProgram& p = *c.peer_program;
  const Transfer& t = *transport::TransferOf(c);
  if (t.copies > 1)
    r.Error(p.mark, fmt::format("case '{}' has 'copies: 2': netgrade's own receiver plays "
                                "against the two copies; an instructor's program as the peer "
                                "is for a case of one copy of the sender",
                                c.name));
  if (transport::ExpectOf(c.expect) && transport::ExpectOf(c.expect)->fin_resent)
    r.Error(p.mark,
            "'fin_resent' is judged against netgrade's own receiver, which loses the "
            "FIN's ACK by plan; with the instructor's program as the peer, use the "
            "link's 'lose_fin_ack' and 'delivered'");
  if (transport::LinkOf(c) && transport::LinkOf(c)->out.lose_fin_ack > 0 && !p.role.empty() &&
      !spec.FindRole(p.role)->listens)
    r.Error(transport::LinkOf(c)->mark,
            "'lose_fin_ack' from the program loses the receiving program's ACK of netgrade's "
            "own sender's FIN; with the instructor's sender as the peer, lose packets by "
            "number ('lose: [N]')");
  const Role* peer_role = spec.FindRole(p.role);
  if (!peer_role || peer_role->listens || t.file.empty()) return;
  const std::vector<std::string>& argv = p.argv ? *p.argv : peer_role->argv;
  bool named = false;
  for (const std::string& a : argv) named = named || a == t.file || a.ends_with("/" + t.file);
  if (!named)
    r.Error(p.mark, fmt::format("case '{}' transfers '{}', but the command line of the "
                                "instructor's {} does not name it: give the peer its own "
                                "'argv' (peer: {{folder: {}, argv: [\"{{host}}\", \"{{port}}\", "
                                "\"{}\"]}})",
                                c.name, Cut(t.file), p.role, Cut(p.written), Cut(t.file)));
}

}  // namespace

void CheckTransportSpec(const Spec& spec, YamlReader& r) {
  if (spec.protocol != Protocol::kTransport) {
    if (transport::PacketOf(spec))
      r.Error(transport::PacketOf(spec)->mark, "'packet' is for a spec of 'protocol: transport'");
    for (const Case& c : spec.cases) {
      if (transport::LinkOf(c))
        r.Error(transport::LinkOf(c)->mark, "'link' is for a spec of 'protocol: transport'");
      if (transport::TransferOf(c))
        r.Error(transport::TransferOf(c)->mark,
                "'transfer' is for a spec of 'protocol: transport'");
    }
    return;
  }
  std::set<std::string> files;
  for (const GivenFile& f : spec.files) files.insert(f.path);
  for (const Case& c : spec.cases) {
    if (!transport::TransferOf(c)) {
      r.Error(c.mark, fmt::format("case '{}' has no 'transfer'; a transport case says which file "
                                  "crosses: transfer: {{file: photo.bin, window: 20}}",
                                  c.name));
      continue;
    }
    if (!transport::TransferOf(c)->file.empty() && !files.count(transport::TransferOf(c)->file))
      r.Error(transport::TransferOf(c)->mark,
              fmt::format("'transfer' names '{}', which is none of the spec's 'files'",
                          Cut(transport::TransferOf(c)->file)));
    const Role* role = nullptr;
    for (const Role& ro : spec.roles)
      if (ro.name == c.role) role = &ro;
    if (const TransportExpect* x = transport::ExpectOf(c.expect);
        x && !x->goodput_tiers.empty() && x->goodput_tiers.back().points != c.points)
      r.Error(x->goodput_tiers.back().mark,
              fmt::format("the last tier gives {} points, and case '{}' is worth {}: make them "
                          "the same (write 'points: {}' in the case)",
                          x->goodput_tiers.back().points, c.name, c.points,
                          x->goodput_tiers.back().points));
    if (const TransportExpect* x = transport::ExpectOf(c.expect);
        x && x->goodput_full_at && c.points < 2)
      r.Error(x->full_at_mark,
              fmt::format("'full_at' shares a case's points out by goodput, and case '{}' is "
                          "worth {}: give it more (such as 'points: 10')",
                          c.name, c.points));
    CheckCopies(spec, c, role, r);
    CheckBesideTcp(c, role, r);
    if (transport::PacketOf(spec) && transport::PacketOf(spec)->checksum == ChecksumKind::kNone &&
        transport::LinkOf(c))
      for (const LinkDirection* d : {&transport::LinkOf(c)->out, &transport::LinkOf(c)->back})
        if (d->corrupt > 0 || !d->corrupt_at.empty()) {
          r.Error(transport::LinkOf(c)->mark,
                  fmt::format("case '{}' corrupts packets, but 'packet' says 'checksum: none': "
                              "no receiver could tell a corrupted packet from a good one; "
                              "remove 'corrupt', or give the packets a checksum",
                              c.name));
          break;
        }
    if (files.count(transport::TransferOf(c)->file)) CheckSenderArgv(c, role, r);
    CheckPeerProgram(spec, c, r);
    if (const TransportExpect* x = transport::ExpectOf(c.expect);
        x && x->acks && transport::PacketOf(spec) && x->acks_as != transport::PacketOf(spec)->acks)
      r.Error(
          x->acks_mark,
          fmt::format(
              "case '{}' judges {} ACKs, but 'packet' says 'acks: {}': the receiver "
              "answers as the protocol's ACKs are (acks: {} in the case too)",
              c.name, x->acks_as == AckKind::kSelective ? "selective" : "cumulative",
              transport::PacketOf(spec)->acks == AckKind::kSelective ? "selective" : "cumulative",
              transport::PacketOf(spec)->acks == AckKind::kSelective ? "selective" : "cumulative"));
    if (role && role->listens && transport::TransferOf(c)->window == 0 && !c.peer_program)
      r.Error(transport::TransferOf(c)->mark,
              "netgrade's sender plays against this receiver: give its "
              "'window' (transfer: {file: ..., window: 8})");
  }
}

}  // namespace netgrade::spec
