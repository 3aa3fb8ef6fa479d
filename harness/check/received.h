// What a client or sender delivered to the reference server, against what the case expects:
// its messages, a line sent without its newline, lines sent before their answers came.
#pragma once

#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// The messages the reference server received (`received:`), over all connections, as the
// kind's `terms` say what a message is; never connected when none came. Ok when the case does
// not check them or they are right.
Finding CheckReceived(const observe::Observation& obs, const SocketTerms& terms);

// A stream (not datagrams: `terms`), the program as the client of a reference server that
// answers: the last thing it sent has no newline, so the server, which reads a message up to
// its newline, never answered.
Finding CheckUnterminatedSend(const observe::Observation& obs, const SocketTerms& terms);

// run_together when the program sent a line before the answer to the one before came back
// (Observation::sent_ahead); Ok otherwise.
Finding CheckSentAhead(const observe::Observation& obs);

}  // namespace netgrade::check
