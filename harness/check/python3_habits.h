// Tracebacks real programs of the textbook's labs end in, named for their cause: the
// skeleton's checksum written for Python 2 (ord() of an item of bytes), a host name written in
// the program that the case's network cannot find (gethostbyname("google.com")). Part of
// ExplainTraceback (traceback.h); a lab kind's own habits are its own
// (observe::KindEvidence::TracebackHabit).
#pragma once

#include <string>

#include "harness/check/traceback.h"

namespace netgrade::check {

// `last`: the traceback's last line; `code`: the student's line it points at. "" when it is
// not `TypeError: ord() expected string of length 1, but int found`.
Phrase ExplainOrdOfBytes(const std::string& last, const std::string& code);

// `err`: the whole traceback. "" unless its last line is a socket.gaierror (a name not found).
// Names the host when a frame of the student's file writes it ('google.com'), and where the
// lab gives the host instead (context.host_argument).
Phrase ExplainHostNotFound(const std::string& err, const std::string& last,
                           const TracebackContext& context);

}  // namespace netgrade::check
