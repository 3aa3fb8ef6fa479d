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
  // A UDP client that sent everything elsewhere has shown why it fails; a refused TCP client
  // is let end (a C client writes on, dies of SIGPIPE and says "connect error" on stdout), so
  // that what its diagnosis quotes does not turn on how fast the grader settled.
  bool sent_elsewhere = obs.spec->protocol == spec::Protocol::kUdp && !CheckStraySends(obs).ok();
  d.may_explain_by_exit = !sent_elsewhere && !Judge(AsRunOnItsPort(obs), kind).ok();
  if (d.passes() && kind && kind->points) d.points = kind->points(obs);
  return d;
}

}  // namespace netgrade::check
