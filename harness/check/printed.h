// What the program printed on stdout, against what the case expects (`stdout:`): the lines
// it should have printed, and a TCP reader that printed each piece recv() returned as a
// message.
#pragma once

#include <string>
#include <vector>

#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// Ok when the case does not check stdout or the program printed what it expects; a program
// that reads a stream (the kind's `terms`) may have printed it in pieces.
Finding CheckStdout(const observe::Observation& obs, const SocketTerms& terms);

// The program printed what each recv() returned as if it were a message: the printed
// pieces, glued back together, hold the messages.
bool PrintedFragments(const std::vector<std::string>& expected, const std::string& stdout_text);

}  // namespace netgrade::check
