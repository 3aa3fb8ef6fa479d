// What a case graded without a proxy drew: its reference peer's own record of each
// connection (peers::ConnectionLog::moments: who connected, what came, what the peer sent,
// who closed, and when), merged in time order into the events of the case's sequence
// diagram, from the student's program and to it.
#pragma once

#include <vector>

#include "harness/check/result.h"
#include "harness/peers/peer_log.h"

namespace netgrade::run {

// The events, in time order (ms since the first), numbered per direction as the proxy's are.
// Data is "passed"; a connection's start and end are "connect", "close" and "reset", with
// words a person reads ("connects", "closes the connection"); with several connections the
// words say which ("connection 2"). What a program sent is cut as the proxy's transcript is
// (kMomentExcerpt bytes) and escaped where it is shown.
std::vector<check::TranscriptEvent> PeerTimeline(const std::vector<peers::ConnectionLog>& logs);

}  // namespace netgrade::run
