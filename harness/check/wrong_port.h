// Programs that use another port than the one given, most often one written in the program
// (12000, the textbook's). A server listening elsewhere is still graded there, so its
// diagnosis says both: the port is wrong, and how the rest of the case went on that port. A
// client or sender whose datagrams or connections went where nothing listens is told the
// port it used (observe/stray_sends.h), not that it "never sent".
#pragma once

#include <string>

#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// The observation as if the port the server listened on (listened_port) were the one it
// was given: what the rest of the case is judged on. Unchanged without listened_port.
observe::Observation AsRunOnItsPort(const observe::Observation& obs);

// "server.py listens on port 12000, not 40123." with what to do; for a socket bound to an
// address written in the program (WrittenAddress), that address first.
Finding ListensOn(const observe::Observation& obs, const observe::SocketInfo& socket);

// `judged` (stopped_listening: a connection refused while the program ran), told as where the
// program listens, when it listens on the port it was given at one address alone that is not
// the computer's own for the case (the address getsockname() gave a socket connected to
// 8.8.8.8, taken for the computer's own); Finding::Ok() otherwise.
Finding ListensOnOneAddress(const observe::Observation& obs, const Finding& judged);

// A server that listened on listened_port instead of port: wrong_port, with what to do about
// it and `rest`, the judgment of the case run against that port (Judge(AsRunOnItsPort(obs))),
// in the kind's `terms`.
Finding ServerOnAnotherPort(const observe::Observation& obs, const Finding& rest,
                            const SocketTerms& terms);

// A client or sender none of whose messages reached the reference peer, seen sending to or
// connecting to ports where nothing listens, naming them: wrong_port for datagrams;
// never_connected for refused connections, the code they get where they cannot be seen.
// A listening role: its refused connections beside the case's own server (a proxy's to port
// 80, where the URL named the origin's). Ok when none was seen.
Finding CheckStraySends(const observe::Observation& obs);

// A UDP server seen answering to ports where nothing listens (a client address written in
// it): "server.py sent its answers to port 12001, where nothing listens.", or "".
Phrase AnswersElsewhere(const observe::Observation& obs);

}  // namespace netgrade::check
