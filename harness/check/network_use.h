// How the program used the network, judged before anything it sent is read: around the
// grader's proxy, more connections than a case allows, the other protocol.
#pragma once

#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// bypassed_proxy when the program sent straight to the reference peer's own port, which
// netgrade refused (Observation::bypassed_proxy), in the kind's `terms`; Ok otherwise.
Finding CheckBypassedProxy(const observe::Observation& obs, const SocketTerms& terms);

// too_many_connections when the reference server reset connections past
// peers::kMostConnections; Ok otherwise.
Finding CheckTooManyConnections(const observe::Observation& obs);

// wrong_protocol when nothing came in the kind's protocol (SocketTerms::proto) and the other
// one was seen on the port, or a client's sends in the other one went to another port where
// nothing listened (a UDP client in a TCP exercise, its port written in it); Ok otherwise.
Finding CheckWrongProtocol(const observe::Observation& obs, const SocketTerms& terms);

}  // namespace netgrade::check
