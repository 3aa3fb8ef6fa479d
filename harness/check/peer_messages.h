// The messages a reference peer exchanged with the program, as the content checks compare
// them: lines over TCP, datagrams over UDP.
#pragma once

#include <string>
#include <vector>

#include "harness/observe/observation.h"

namespace netgrade::check {

// The exercise's protocol is UDP: messages are datagrams, and there are clients, not
// connections.
bool IsUdp(const observe::Observation& obs);

// The messages that came on one connection: its lines (TCP) or its datagrams (UDP).
std::vector<std::string> MessagesOf(const observe::Observation& obs,
                                    const peers::ConnectionLog& log);

// Every message the reference peer sent, over all its connections, in order.
std::vector<std::string> AllSent(const observe::Observation& obs);

}  // namespace netgrade::check
