// The transport kind's checks of what crossed the case's link (check/kind_checks.h), in the
// lab's own terms: a sender's packets (their form, the window it kept in flight, when and what
// it sent again, its FIN, its goodput) and a receiver's ACKs and file.
#pragma once

#include <optional>
#include <string>

#include "harness/check/finding.h"
#include "harness/check/kind_checks.h"
#include "harness/check/result.h"
#include "harness/kinds/transport/evidence.h"
#include "harness/kinds/transport/flight.h"
#include "harness/observe/observation.h"

namespace netgrade::transport {

check::Finding CheckTraffic(const observe::Observation& obs);

// Where netgrade's own timers fired later than kHeldUpAtLeastMs (or twice the path's round
// trip, the longer), a finding read from times (a resend too soon, a slow transfer, an ACK
// late) is the grader's problem, with what was seen as a note: the times were netgrade's. A
// finding that stands whatever the timing (a malformed packet, the window exceeded) stands.
inline constexpr double kHeldUpAtLeastMs = 250;
check::Finding HeldUp(const observe::Observation& obs, const Evidence& e, check::Finding f);

// "1 packet", "20 packets": the checks' words for a count of packets.
std::string Packets(size_t n);

// Each side's (sender_checks.cc, receiver_checks.cc); `expect` may be null (nothing asked).
check::Finding CheckSender(const observe::Observation& obs, const Evidence& e,
                           const spec::TransportExpect* expect);
check::Finding CheckReceiver(const observe::Observation& obs, const Evidence& e,
                             const spec::TransportExpect* expect);

// A sender that chooses its own window (Evidence::window 0; congestion_checks.cc):
// `resends: {spurious_at_most, backoff}`.
check::Finding CheckCongestionResends(const observe::Observation& obs, const Evidence& e,
                                      const spec::TransportExpect& x);
// `queue_delay: {at_most, from}`: standing_queue.
check::Finding CheckQueueDelay(const observe::Observation& obs, const Evidence& e,
                               const spec::TransportExpect& x);
// A measured failure of such a sender (a slow transfer, a standing queue) with its cause in
// the window's terms where the window's shape around its losses names one (a fixed window, one
// that never shrinks, doubles or collapses): a new finding with `measured`'s cause as its
// evidence; else `measured` itself. A sender given WINDOW gets `measured`.
check::Finding WindowCause(const observe::Observation& obs, const Evidence& e,
                           const check::Finding& measured);
// The link's round trip with its queue full (the judgments' round trip around a loss).
Micros FullRoundTrip(const Evidence& e);

// The most packets a sender may have unacknowledged, as the case judges it: `in_flight:
// {at_most}`, or WINDOW where the case asks for well-formed packets (the contract's bound);
// 0 where neither is asked.
size_t JudgedWindow(const spec::TransportExpect& x, size_t window);

// What is wrong with a packet the program sent (its record at `index`), as a finding; Ok when
// it is well formed. `what`: "DATA packet", "ACK".
check::Finding CheckForm(const observe::Observation& obs, const Evidence& e, size_t index);

}  // namespace netgrade::transport
