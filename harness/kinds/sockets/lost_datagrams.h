// Wrong content explained by the datagrams the case's network lost, duplicated or delayed:
// acks that never reached a reference sender, an extra ack taken for the next one, a lost
// datagram the program never sent again.
#pragma once

#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/observe/observation.h"

namespace netgrade::sockets {

// `content` (a failed content finding) told by its cause in the network, keeping its
// difference; Ok when no loss explains it. `own_check`: `content` is one of the spec's own
// checks, whose words the resend advice (for a client that resends its lines) does not fit. A
// crash, read in the kind's `terms`, explains it better.
check::Finding ExplainByLostDatagrams(const observe::Observation& obs,
                                      const check::Finding& content, bool own_check,
                                      const check::SocketTerms& terms);

}  // namespace netgrade::sockets
