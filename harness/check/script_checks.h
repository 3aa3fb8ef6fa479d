// The verdict of a case's script: a step that failed (peers::ScriptFailure) worded for a
// beginner, naming the step and its line in the spec, the connection, what the reference peer
// sent, what it expected and what came instead, and the step's own hint. The judge asks it
// first: the script is the case.
#pragma once

#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// Ok when the case has no script, or its script was played to its end. Worded in the kind's
// `terms` (a script's labels are its connections, or its sockets).
Finding CheckScript(const observe::Observation& obs, const SocketTerms& terms);

}  // namespace netgrade::check
