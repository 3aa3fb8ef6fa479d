// A listening role (a server, a receiver) before any conversation: did it get ready on the
// port it was given, in the exercise's protocol, and can the other host reach it.
#pragma once

#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// A listening role that never got ready: it crashed, listened elsewhere or with another
// protocol than the kind's (`terms`), or never listened.
Finding CheckListening(const observe::Observation& obs, const SocketTerms& terms);
// "Two computers": a program bound to loopback cannot be reached from the other host.
Finding CheckReachable(const observe::Observation& obs);

}  // namespace netgrade::check
