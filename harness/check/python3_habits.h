// Tracebacks real programs of the textbook's labs end in, named for their cause: the
// skeleton's checksum written for Python 2 (ord() of an item of bytes), a host name written in
// the program that the case's network cannot find (gethostbyname("google.com")), and a ping
// socket's reply sliced as a raw socket's ([20:28]). Part of ExplainTraceback (traceback.h).
#pragma once

#include <string>

#include "harness/check/traceback.h"

namespace netgrade::check {

// `last`: the traceback's last line; `code`: the student's line it points at. "" when it is
// not `TypeError: ord() expected string of length 1, but int found`.
std::string ExplainOrdOfBytes(const std::string& last, const std::string& code);

// `err`: the whole traceback. "" unless its last line is a socket.gaierror (a name not found).
// Names the host when a frame of the student's file writes it ('google.com'), and where the
// lab gives the host instead (context.host_argument).
// "" unless the last line is struct.error's "unpack requires a buffer of 8 bytes" where the
// student's line slices [20:28], or its sources open a ping socket and slice there
// (context.ping_socket_sliced_at_20): the IP header a raw socket's reply begins with, which a
// ping socket's has not.
std::string ExplainPingSocketSlice(const std::string& last, const std::string& code,
                                   const TracebackContext& context);

std::string ExplainHostNotFound(const std::string& err, const std::string& last,
                                const TracebackContext& context);

}  // namespace netgrade::check
