// A sender's goodput and what it earns: the file's bits over the time it took, less the time
// the machine made it wait for a CPU; its share of what the window and the link allow, the
// figures of the report and a leaderboard, the points of a case that gives partial credit by
// goodput (tiers, or a formula), and how long netgrade waits for a FIN that could still pass.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/check/kind_checks.h"
#include "harness/check/result.h"
#include "harness/kinds/transport/evidence.h"
#include "harness/kinds/transport/flight.h"
#include "harness/observe/observation.h"

namespace netgrade::transport {

// What bounds a sender's goodput, in words: "the window and the link allow", or, for a sender
// that chooses its own window, "the link allows".
std::string Allows(const Evidence& e);
// What a slow sender should change: WINDOW kept full, or, choosing its own, a window that
// fills the link.
std::string SlowFix(const Evidence& e);

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

}  // namespace netgrade::transport
