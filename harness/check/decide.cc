#include "harness/check/decide.h"

#include "harness/check/judge.h"
#include "harness/check/wrong_port.h"

namespace netgrade::check {

Decision Decide(const observe::Observation& obs, Phase phase, const KindChecks& kind) {
  Decision d;
  if (phase == Phase::kRunning) {
    d.finding = Judge(AsRunOnItsPort(obs), kind);
    return d;
  }
  d.finding = Judge(obs, kind);
  d.may_explain_by_exit =
      !(kind.shown_in_full && kind.shown_in_full(obs)) && !Judge(AsRunOnItsPort(obs), kind).ok();
  if (d.passes() && kind.points) d.points = kind.points(obs);
  return d;
}

}  // namespace netgrade::check
