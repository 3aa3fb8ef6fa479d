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

// A passing sender's points where its case gives partial credit by goodput, and the sentence
// that says why: tiers (`goodput: {tiers: ...}`), the highest its goodput reaches; a formula
// (`goodput: {at_least: 50%, full_at: 85%}`), in proportion to how far it went from the pass
// mark to full_at. nullopt with neither, or with all the points.
std::optional<check::PartialCredit> TierPoints(const observe::Observation& obs);

// What the program's transfer measured, for the report and a leaderboard: a sender's goodput
// (and its share of what the window and the link allow, a leaderboard's figure where the case
// asks for a goodput), packets in flight, resends.
std::vector<check::Figure> Figures(const Evidence& e, const spec::TransportExpect* expect);
// The rate the window and the link allow a sender, in bits per second (the lower of WINDOW x
// payload per round trip with no queue, and the link's rate less the headers).
double AllowedBps(const Evidence& e);

// The most packets a sender may have unacknowledged, as the case judges it: `in_flight:
// {at_most}`, or WINDOW where the case asks for well-formed packets (the contract's bound);
// 0 where neither is asked.
size_t JudgedWindow(const spec::TransportExpect& x, size_t window);

// How long after its first DATA packet a sender may take to deliver the file and still reach a
// goodput of `share`: the file's bits at that share of AllowedBps, doubled (GoodputOf does not
// count up to half the transfer, the time spent waiting for a CPU). Past it no FIN can pass the
// case: netgrade stops waiting (Evidence::gave_up_at), and the case is slow_transfer. nullopt
// when nothing bounds the rate.
std::optional<Micros> GoodputDeadline(const Evidence& e, double share);

// A sender's goodput: the file's bits over the time from its first DATA packet to the FIN
// reaching netgrade's receiver, less the time the program or netgrade waited for a CPU (a
// loaded machine slows both; a correct sender is not slow for it), at most half of it. nullopt
// when the file was not delivered.
struct Goodput {
  double bps = 0;
  double allowed = 0;  // AllowedBps (0: nothing bounds it)
  double share = 0;    // of allowed (1 when nothing bounds it)
  Micros waited{0};    // the time not counted
};
std::optional<Goodput> GoodputOf(const Evidence& e, const SenderFlight& s);

// What is wrong with a packet the program sent (its record at `index`), as a finding; Ok when
// it is well formed. `what`: "DATA packet", "ACK".
check::Finding CheckForm(const observe::Observation& obs, const Evidence& e, size_t index);

}  // namespace netgrade::transport
