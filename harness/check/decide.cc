#include "harness/check/decide.h"

#include "harness/check/judge.h"
#include "harness/check/wrong_port.h"

namespace netgrade::check {

Decision Decide(const observe::Observation& obs, Phase phase, const KindChecks* kind) {
  Decision d;
  if (phase == Phase::kRunning) {
    d.finding = Judge(AsRunOnItsPort(obs), kind);
    return d;
  }
  d.finding = Judge(obs, kind);
  const KindChecks& checks = kind ? *kind : SocketChecks();
  d.may_explain_by_exit = !(checks.shown_in_full && checks.shown_in_full(obs)) &&
                          !Judge(AsRunOnItsPort(obs), &checks).ok();
  if (d.passes() && checks.points) d.points = checks.points(obs);
  return d;
}

}  // namespace netgrade::check
