// The pieces of a case's set-up that need no running case: the program's command line and
// input, its hosts file, and whether its socket table shows it listening.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/net/proc_sockets.h"
#include "harness/run/submission.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

// The program's argv, with "{host}" and "{port}" of the role's arguments filled in.
std::vector<std::string> Argv(const Program& program, const spec::Role& role,
                              const std::string& host, uint16_t port);
// The case's input lines, each with its newline.
std::string StdinData(const spec::Case& test);
// The program listens on `port` with the spec's protocol.
bool ListeningOn(const std::vector<net::SocketInfo>& sockets, spec::Protocol protocol,
                 uint16_t port);
// The program listens on `port`, and only on loopback (127.0.0.1, ::1): another host cannot
// reach it.
bool ListensOnlyOnLoopback(const std::vector<net::SocketInfo>& sockets, uint16_t port);
// A hosts file where localhost and the textbook's placeholders ("hostname", "servername")
// name the peer; returns its path (the caller removes it).
std::string WriteHostsFile(const std::string& peer_host, const std::string& student_host);

}  // namespace netgrade::run
