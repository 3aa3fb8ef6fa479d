// What a lab kind of its own (harness/kinds/) judges itself: the program's traffic on the
// kind's own wire, read from the evidence the kind put in the observation
// (observe::Observation::kind), where check/ reads a TCP or UDP reference peer's log and the
// proxy's. The rest of the judge (how the program ran, what it printed, how it ended) is
// every kind's, in the order judge.cc gives it.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "harness/check/finding.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

struct PartialCredit {
  int points = 0;
  std::string words;  // "2 of 3 points: a goodput of 76% reaches the 75% tier; 90% gets 3"
};

struct KindChecks {
  // What the program sent, against the case's expectations: Ok when right. With no peer and
  // no proxy, nothing of TCP's or UDP's explains a failure here; a crash may.
  std::function<Finding(const observe::Observation&)> traffic;
  // A better finding for a failure of the checks every kind shares (what it printed), from the
  // kind's evidence; Ok when it has none. Optional.
  std::function<Finding(const observe::Observation&, const Finding&)> explain;
  // A passing case's points where the case gives partial credit by a figure of the kind's
  // (a transport sender's goodput tiers), with the sentence that says why; nullopt: all of
  // them. Optional.
  std::function<std::optional<PartialCredit>(const observe::Observation&)> points;
};

}  // namespace netgrade::check
