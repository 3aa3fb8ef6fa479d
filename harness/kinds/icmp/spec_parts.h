// The ICMP parts of a spec as plain data: a case's path of routers and what the program's
// requests on the wire must be, held by the spec as its kind's parts (spec::KindPart:
// Case::kind_part, Expect::kind_part) and read back here (PathOf, ExpectOf).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/spec/mark.h"
#include "harness/spec/spec.h"

namespace netgrade::spec {

// `path:` of a case: the small internet an ICMP lab's case runs in (kinds/icmp/router_path.h), and
// what the grader's wire does to the ICMP crossing it (kinds/icmp/fault_plan.h);
// kinds/icmp/spec_keys.h loads it.
struct IcmpPath {
  int routers = 1;                     // 1 to 8, when `routers` is a number
  std::vector<std::string> addresses;  // when `routers` is a list of addresses
  std::string destination;             // "" : drawn from the seed, as the routers' are
  // `destination: any`: the destination answers every address the program pings (8.8.8.8, a
  // name written in the program, which the case's name server answers with the destination's
  // address): the textbook's pinger, which pings a host of its own.
  bool any_destination = false;
  std::vector<int> silent;   // routers (1-based) whose ICMP errors are all lost
  bool unreachable = false;  // the last router has no route to the destination
  int delay_ms = 0;          // every answer's delay: delay_ms + up to jitter_ms,
  int jitter_ms = 0;         // drawn from the seed per request
  // Requests (1-based, in the order the program sends them) whose answer is lost, doubled,
  // late (held until the next request), or preceded by another identifier's echo reply.
  std::vector<int> lose, duplicate, late, other_identifier;
  double hop_loss = 0;  // each router's ICMP error is lost with this chance (from the seed)
  Mark mark;
};

// `expect: echo_requests`: the program's echo requests on the wire.
struct EchoRequests {
  int count = 0;  // exactly this many, sequence numbers 1..count (either byte order)
  // `seq=<n> time=<ms> ms` lines: each time at least the delay the wire gave that reply and at
  // most kRttMarginMs more than the round trip the wire saw.
  bool round_trips = false;
  // `round_trips: free_form`: the same check of the program's own lines, whatever their words
  // (the textbook's `print(delay)`): its k-th line that shows a time, or a timeout, is about
  // request k; the time in ms or s (kinds/icmp/free_form.h).
  bool free_form = false;
  // `sequence: any`: any sequence numbers, one for every request included (the textbook's
  // skeleton packs 1); answers are matched to the latest request they can answer.
  bool any_sequence = false;
  // `keeps_pinging: true`: the program may go on after COUNT requests (the textbook's `while
  // 1`); the case ends when request COUNT + 1 goes, and judges the first COUNT.
  bool keeps_pinging = false;
  // `pause: 1s`: the program may pause this long between requests besides waiting for the
  // answer (the textbook's time.sleep(1)): the next request after a lost answer may come that
  // much later.
  int pause_ms = 0;
  Mark mark;
};

// `expect: ttl_probes` (a traceroute's): its echo requests on the wire, TTL by TTL.
struct TtlProbes {
  int most_per_ttl = 3;  // requests with one TTL, at most
  // `more_traces: true`: after the destination's echo reply, the program may start again at
  // TTL 1 (the textbook traces several hosts in a row); the first trace alone is judged.
  bool more_traces = false;
  // `identifier: any`: each request may carry an identifier of its own (the textbook does not
  // ask for one per run); `one` (the default): the first request's, throughout.
  bool any_identifier = false;
  Mark mark;
};

// An ICMP case's own part (Case::kind_part): its path of routers. Every case of an ICMP spec
// has one (one router when it names no path: spec_keys.h).
struct IcmpCasePart : KindPart {
  IcmpPath path;
};

// An ICMP case's `expect` keys (Expect::kind_part), set when it gives either.
struct IcmpExpect : KindPart {
  std::optional<EchoRequests> echo_requests;  // the echo requests on the wire
  std::optional<TtlProbes> ttl_probes;        // a traceroute's requests on the wire
};

}  // namespace netgrade::spec

namespace netgrade::icmp {

// The case's path of routers; nullptr for a case of another kind.
inline const spec::IcmpPath* PathOf(const spec::Case& c) {
  const auto* part = dynamic_cast<const spec::IcmpCasePart*>(c.kind_part.get());
  return part ? &part->path : nullptr;
}
// The ICMP keys of `expect`; nullptr when it gives none.
inline const spec::IcmpExpect* ExpectOf(const spec::Expect& e) {
  return dynamic_cast<const spec::IcmpExpect*>(e.kind_part.get());
}
// `expect: echo_requests`, `expect: ttl_probes`; nullptr when not given.
inline const spec::EchoRequests* EchoRequestsOf(const spec::Expect& e) {
  const spec::IcmpExpect* icmp = ExpectOf(e);
  return icmp && icmp->echo_requests ? &*icmp->echo_requests : nullptr;
}
inline const spec::TtlProbes* TtlProbesOf(const spec::Expect& e) {
  const spec::IcmpExpect* icmp = ExpectOf(e);
  return icmp && icmp->ttl_probes ? &*icmp->ttl_probes : nullptr;
}

}  // namespace netgrade::icmp
