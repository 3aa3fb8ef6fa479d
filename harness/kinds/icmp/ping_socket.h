// A ping socket (SOCK_DGRAM for ICMP) in an ICMP lab's program, read from its own source: the
// kernel gives it the ICMP message alone (no IP header before it) and echo replies alone (never
// a router's time exceeded). Where the program reads it as a raw socket's, that is the cause
// of its traceback or of its missing hops. Each reads the case's copy, bounded, never through a
// link (check/program_source.h).
#pragma once

#include <string>

#include "harness/observe/program_run.h"

namespace netgrade::icmp {

// The program's Python sources open a ping socket (SOCK_DGRAM for ICMP) and slice a reply at
// [20:28], where a raw socket's ICMP header would be.
bool SlicesAPingSocketsReplyAt20(const observe::ProgramRun& run);
// "traceroute.py, line 79": the line of the program's Python source that opens a ping socket
// (SOCK_DGRAM for ICMP), where no line (outside a comment) opens a raw one; "" otherwise.
std::string PingSocketLine(const observe::ProgramRun& run);
// What a traceback of the program means when it read a ping socket's reply as a raw socket's:
// nullptr unless `last` (the traceback's last line) is struct.error's "unpack requires a buffer of
// 8 bytes" where `code` (the student's line it points at) slices [20:28], or the program's
// sources open a ping socket and slice there: the IP header a raw socket's reply begins with,
// which a ping socket's has not.
const char* ExplainPingSocketSlice(const std::string& last, const std::string& code,
                                   const observe::ProgramRun& run);

}  // namespace netgrade::icmp
