// The judge as the TCP and UDP labs ask it (their Kind::checks, kinds/sockets/socket_checks.h):
// the check tests' observations built by hand are theirs (a reference peer's log, the proxy's),
// so `Judge(o)` and `Decide(o, phase)` judge them with those checks.
#pragma once

#include "harness/check/decide.h"
#include "harness/check/judge.h"
#include "harness/kinds/sockets/socket_checks.h"
#include "harness/observe/observation.h"

namespace netgrade::check::observed_test {

inline Finding Judge(const observe::Observation& obs) {
  return check::Judge(obs, sockets::SocketChecks());
}

inline Decision Decide(const observe::Observation& obs, Phase phase) {
  return check::Decide(obs, phase, sockets::SocketChecks());
}

}  // namespace netgrade::check::observed_test
