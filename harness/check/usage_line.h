// A program that never got going: it printed its usage line ("Usage: client.py HOST:PORT",
// argparse's "usage: pinger.py --server_ip ..." and "error: the following arguments are
// required") on stdout or stderr and exited, because it wants its command line otherwise than
// the handout gives it, as netgrade does. How it then ended (no line printed, no datagram
// sent, status 2) is what followed from that, so the usage line leads.
#pragma once

#include <string>
#include <vector>

#include "harness/check/finding.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// The usage line a program printed, on stderr first, then stdout, with argparse's error line
// after it when there is one; escaped and cut; "" when it printed none.
std::string UsageLine(const std::string& stdout_text, const std::string& stderr_text);

// The handout's command line from a role's argv template: "client.py HOST PORT" for
// ["{host}", "{port}"]. Escaped.
std::string HandoutCommandLine(const std::string& program, const std::vector<std::string>& argv);

// `judged`, led by the usage line, when the program exited by itself having printed one;
// Finding::Ok() otherwise.
Finding PrintedItsUsage(const observe::Observation& obs, const Finding& judged);

}  // namespace netgrade::check
