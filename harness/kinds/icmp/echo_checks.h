// The checks of `expect: echo_requests` (an ICMP pinger's): every echo request the program put
// on the case's wire (kinds/icmp/wire.h), and the round trips it printed, against what the wire
// did to each (kinds/icmp/fault_plan.h). Pure: records and plan in, a Finding out.
#pragma once

#include <string>
#include <vector>

#include "harness/check/finding.h"
#include "harness/kinds/icmp/fault_plan.h"
#include "harness/kinds/icmp/spec_parts.h"
#include "harness/kinds/icmp/wire_record.h"
#include "harness/spec/spec.h"

namespace netgrade::icmp {

// A printed round trip may exceed the one the wire saw (request read off the wire to reply
// written back) by this much: the program's own time to build, send, wake and print.
inline constexpr double kRttMarginMs = 100;
// After a lost answer, the next request must come between these (the handout's 1 s timeout,
// with room for a slow start of the timer and a loaded machine).
inline constexpr double kLeastTimeoutMs = 900;
inline constexpr double kMostTimeoutMs = 2000;
// A program that sent at least this many echo requests, and at least twice COUNT, flooded:
// that is its diagnosis, before its sequence numbers (the kernel may drop some of a flood
// before the wire sees them, so which numbers the wire saw is chance) and its timing.
inline constexpr size_t kFloodRequests = 100;

struct IcmpCase {
  const spec::EchoRequests* expect = nullptr;
  const std::vector<icmp::WireRecord>* records = nullptr;
  const icmp::IcmpPlan* plan = nullptr;
  std::string destination;
  std::string stdout_text;
  // How long the program waited for a CPU during the case, at most (its run delay): a time it
  // measured may be that much longer than the wire's, and a timeout it waited out too. The
  // upper bounds below (kRttMarginMs, kMostTimeoutMs) grow by it; an idle machine's is ~0.
  double program_waited_ms = 0;
  // The call the program sat in at rest when the case ended, with no timeout of its own
  // (observe::Resting: "recvfrom"), "" when it was not at rest or had exited.
  std::string at_rest_in;
  // Echo requests the program's own host answered (Evidence::own_echoes): it pinged itself.
  uint64_t own_echoes = 0;
  // Requests to its own host its own kernel dropped, their checksum wrong
  // (Evidence::own_bad_checksums).
  uint64_t own_bad_checksums = 0;
  // The program ended by itself with status 0, having printed nothing on stdout or stderr:
  // with no request either, it never ran its pinging (a call left commented out).
  bool ended_quietly = false;
  std::string program;  // its name, "ICMPPinger.py"
};

// The first thing wrong, in this order: no request at all (or only refused ones), a request
// not an echo request or with a bad checksum, another identifier, a flood (kFloodRequests), a
// sequence number out of
// place or in a mixed byte order, one sent before the previous was answered or timed out (or
// long after), too few because it waits with no timeout for a reply that never came, too many
// or too few, a printed round trip below the delay the wire gave its
// reply or above what the wire saw (explained by the reply it must have taken instead). With
// `keeps_pinging`, only the first COUNT requests are judged; with `sequence: any`, their numbers
// are not; with `round_trips: free_form`, the round trips are read from the program's own words
// (free_form.h).
check::Finding CheckEchoRequests(const IcmpCase& c);

// The program's first echo request on the wire has a code other than 0 or a wrong checksum:
// whatever follows, that is the diagnosis of a case that judges echo requests or TTL probes
// (Valid, first in both), so the case is settled as soon as it is seen.
bool FirstRequestInvalid(const std::vector<WireRecord>& records);

}  // namespace netgrade::icmp
