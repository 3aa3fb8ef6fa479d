// Two copies of a sender on one link (transfer: {copies: 2}, the contract's "two of it"): how
// evenly they shared it, by Jain's fairness index of their goodputs over the last half of the
// time both sent, and the checks of the second copy and of that share. The same for a sender
// beside a kernel TCP flow (transfer: {beside: tcp}): its share of the two.
#pragma once

#include <optional>
#include <vector>

#include "harness/check/finding.h"
#include "harness/kinds/transport/evidence.h"
#include "harness/observe/observation.h"
#include "harness/spec/spec.h"

namespace netgrade::transport {

// Jain's index of two rates: (a + b)^2 / (2 (a^2 + b^2)); 1 for equal shares, 0.5 when one
// had all of it. 1 when both are 0.
double JainIndex(double a, double b);

// The bytes taken in order by `at` (the last sample at or before it).
size_t BytesBy(const std::vector<Progress>& progress, Micros at);

struct Fairness {
  Micros both_from{0};  // the second copy's first byte taken
  Micros both_to{0};    // the first FIN taken (or the last byte, of a copy with none)
  Micros from{0};       // the judged span: the last half of [both_from, both_to]
  double bps[2] = {0, 0};
  double index = 1;
};
// nullopt when the two never both had bytes taken (the second took none, or only after the
// first was done).
std::optional<Fairness> FairnessOf(const std::vector<Progress>& first, Micros first_fin,
                                   const std::vector<Progress>& second, Micros second_fin);
std::optional<Fairness> FairnessOf(const Evidence& e);

// Beside a kernel TCP flow (transfer: {beside: tcp}): the sender and the flow over the last
// half of the time both had bytes taken, as two copies are (bps[0] the sender's, bps[1] TCP's);
// nullopt when they never both had.
std::optional<Fairness> BesideTcpOf(const Evidence& e);
// The sender's share of the two goodputs.
double ShareOf(const Fairness& f);

// The second copy's own failure (it was never started, it ended badly, its file did not come
// whole where `delivered` is asked), then `fairness: {at_least}`; Ok otherwise and in a case of
// one copy.
check::Finding CheckCopies(const observe::Observation& obs, const Evidence& e,
                           const spec::TransportExpect& x);
// Beside a kernel TCP flow, `share: {at_least, at_most}`: the sender's share (a flow that never
// got through because the sender kept the queue full is a share of 100%); a flow that never
// connected through a link that dropped none of its packets is the grader's failure. Ok in a
// case with no flow beside.
check::Finding CheckBesideTcp(const observe::Observation& obs, const Evidence& e,
                              const spec::TransportExpect& x);
// Beside a kernel TCP flow, a sender whose file was not through when the case ended, though it
// was still sending then, at less than the share asked: it ran out of time because it gave way
// to TCP, and that share is what it must change (CheckBesideTcp's finding, with what had come).
// Ok otherwise: a sender that stopped sending, or got its share, is told what it did not deliver.
check::Finding CheckGaveWayUntilTheEnd(const observe::Observation& obs, const Evidence& e,
                                       const spec::TransportExpect& x);

}  // namespace netgrade::transport
