// A client or sender that stopped on its own before it connected, saying why in its own
// words ("Error: File 'smaple.txt' not found.") and exiting 0: what it printed leads, then that
// it never connected; a file it could not find is told where netgrade puts the files.
#pragma once

#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// `judged` (never_connected), led by the last line the program printed, when it exited by
// itself with status 0 having printed something and reached no one; Finding::Ok() otherwise.
Finding StoppedInItsOwnWords(const observe::Observation& obs, const Finding& judged);

// `judged` (stopped_listening, never_listened, crashed), led by the last line a server printed,
// when it exited by itself with no traceback having printed something ("Error getting local IP:
// [Errno 101] Network is unreachable") and no cause its traceback or exit names (read in the
// kind's `terms`); Finding::Ok() otherwise.
Finding ListenerStoppedInItsOwnWords(const observe::Observation& obs, const Finding& judged,
                                     const SocketTerms& terms);

}  // namespace netgrade::check
