// The one entry point from what the grader observed to a verdict: the runner asks it while a
// case runs (does it pass already? then the case ends) and once at its end (the diagnosis).
// The order of the checks that decides which explanation wins is Judge's (judge.h); the
// verdict follows from the code (diagnosis.h's VerdictOf).
#pragma once

#include "harness/check/finding.h"
#include "harness/check/kind_checks.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

enum class Phase {
  // The case still runs: would what was observed so far pass? A server graded on another port
  // is judged on that port here (the case ends when it has done its part; the port is told at
  // the end).
  kRunning,
  // The case is over: the diagnosis.
  kEnded,
};

struct Decision {
  Finding finding;  // kEnded: the diagnosis; kRunning: what fails so far, or Ok
  // kEnded: it fails even on its own port, and not only because a UDP client sent everything
  // elsewhere: a program still running may be about to exit, which explains the failure
  // better (the runner lets it, within a short grace, and decides again).
  bool may_explain_by_exit = false;
  // kEnded, passing: the points of a case that gives partial credit, when not all of them.
  std::optional<PartialCredit> points;

  bool passes() const { return finding.ok(); }
};

// `kind`: the lab kind's checks (kinds/kind.h's Kind::checks), which the runner gives.
Decision Decide(const observe::Observation& obs, Phase phase, const KindChecks& kind);

}  // namespace netgrade::check
