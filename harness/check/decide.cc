#include "harness/check/decide.h"

#include "harness/check/judge.h"
#include "harness/check/spec_hints.h"
#include "harness/check/wrong_port.h"

namespace netgrade::check {

Decision Decide(const observe::Observation& obs, Phase phase, const KindChecks& kind) {
  Decision d;
  if (phase == Phase::kRunning) {
    d.finding = Judge(AsRunOnItsPort(obs), kind);
    return d;
  }
  d.finding = Judge(obs, kind);
  // A kind's own code may carry the lab's words (`hints: {stop_and_wait: ...}`: spec/expect.cc
  // takes them for a kind's codes alone), whichever of its checks gave it.
  d.finding = WithCheckHint(d.finding, obs.test->expect, CodeName(d.finding.code));
  d.may_explain_by_exit =
      !(kind.shown_in_full && kind.shown_in_full(obs)) && !Judge(AsRunOnItsPort(obs), kind).ok();
  if (d.passes() && kind.points) d.points = kind.points(obs);
  return d;
}

}  // namespace netgrade::check
