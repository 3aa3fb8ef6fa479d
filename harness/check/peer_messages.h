// The messages a reference peer exchanged with the program, as the content checks compare
// them: lines of a stream, or datagrams, as the kind's terms say its messages are.
#pragma once

#include <string>
#include <vector>

#include "harness/check/socket_terms.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// The messages that came on one connection: its datagrams where the kind's messages are
// datagrams (SocketTerms::datagrams), else its lines.
std::vector<std::string> MessagesOf(const peers::ConnectionLog& log, const SocketTerms& terms);

// Every message the reference peer sent, over all its connections, in order.
std::vector<std::string> AllSent(const observe::Observation& obs);

}  // namespace netgrade::check
