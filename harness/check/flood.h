// A program that sent more than a reference peer records in a case (peers::kRecordBytes bytes
// or kRecordMessages lines or datagrams, over all connections): a flood. The peer read the
// rest and threw it away, and the case ended there; whatever else is wrong, this is what to
// fix first.
#pragma once

#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// too_much_data when a peer stopped recording (or a UDP proxy took more than it records),
// saying how much came, what the case expects instead and how the role should send, in the
// kind's `terms`; Ok otherwise.
Finding CheckRecordCap(const observe::Observation& obs, const SocketTerms& terms);

}  // namespace netgrade::check
