// A listening program's answers, connection by connection (UDP: client by client), against
// the answers the case expects: wrong or missing answers, answers sent to another client, an
// answer without its newline, a server that stopped accepting.
#pragma once

#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/observe/observation.h"

namespace netgrade::sockets {

// The first connection whose answers are not what the case expects, with what explains it
// (the loop a server lacks, the newline, where a UDP answer went); Ok when all are right.
// `terms`: TCP's or UDP's (terms.h), whether its answers are datagrams.
check::Finding CheckReplies(const observe::Observation& obs, const check::SocketTerms& terms);

}  // namespace netgrade::sockets
