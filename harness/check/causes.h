// Diagnoses sharpened to name the cause a beginner must fix, where the plain judgment names
// only its effect: a C server that ends after one message is told about the missing loop
// (not only its `void main`), a server that prints its answer instead of sending it and an
// HTTP server handed in for a line-based exercise are named as such, a C client that takes
// its port from argv[1] (which holds the host) is told the order of the arguments, one that
// wants one HOST:PORT argument its exception and the arguments it was given
// (argument_shape.h), and one that stopped before connecting what it printed (own_words.h). A
// crash is read with what the traceback means in this exercise (TracebackContextOf).
#pragma once

#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/check/traceback.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// The habits of the lab kind's own programs alone (its evidence and the program), for a
// traceback read without the exercise's context (`no_traceback`).
TracebackContext KindHabitsOf(const observe::Observation& obs);
// KindHabitsOf, with what the kind's `terms` say of a listen() on a UDP socket and the argument
// that holds the port, for ExplainTraceback.
TracebackContext TracebackContextOf(const observe::Observation& obs, const SocketTerms& terms);
// CheckCrash(obs.program) read with the case's context.
Finding CrashOf(const observe::Observation& obs, const SocketTerms& terms);

// `judged` (the case's failure as Judge found it) with its cause named first, where one of the
// patterns above explains it, in the kind's `terms`; else `judged` unchanged. Never turns a
// failure into a pass.
Finding NameTheCause(const observe::Observation& obs, Finding judged, const SocketTerms& terms);

}  // namespace netgrade::check
