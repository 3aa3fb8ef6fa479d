// The judge as the TCP and UDP labs ask it (their Kind::checks, kinds/sockets/socket_checks.h):
// the check tests' observations built by hand are theirs (a reference peer's log, the proxy's),
// so `Judge(o)`, `Decide(o, phase)` and `Notes(o)` use the checks of the kind of the spec's
// protocol, as the runner does, and `TermsOf(o)` its terms, which the shared checks are given.
#pragma once

#include <string>
#include <vector>

#include "harness/check/decide.h"
#include "harness/check/judge.h"
#include "harness/check/notes.h"
#include "harness/kinds/kind.h"
#include "harness/observe/observation.h"

namespace netgrade::check::observed_test {

inline const KindChecks& ChecksOf(const observe::Observation& obs) {
  return kinds::KindOf(obs.spec->protocol).checks;
}

inline const SocketTerms& TermsOf(const observe::Observation& obs) { return ChecksOf(obs).terms; }

inline Finding Judge(const observe::Observation& obs) { return check::Judge(obs, ChecksOf(obs)); }

inline Decision Decide(const observe::Observation& obs, Phase phase) {
  return check::Decide(obs, phase, ChecksOf(obs));
}

inline std::vector<std::string> Notes(const observe::Observation& obs, Code verdict = Code::kNone) {
  return check::Notes(obs, ChecksOf(obs), verdict);
}

}  // namespace netgrade::check::observed_test
