// A UDP server that leaves datagrams unanswered on purpose: the textbook's UDPPingerServer
// simulates loss with `if rand < 4: continue`, and students copy it into other servers. Its
// score then changes from run to run whatever --seed says (the seed repeats netgrade's faults,
// not the program's own random numbers), so the case names it rather than a missing answer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/check/finding.h"
#include "harness/observe/observation.h"

namespace netgrade::sockets {

// The first line of a program's source that draws a random number (random.random(),
// randint, rand()), outside comments: "line 9 of server.py: 'if random.random() < 0.4:'". Reads the
// program itself (server.py) or the C/C++ source beside a compiled one (server.c); nullopt
// when none is found.
std::optional<std::string> RandomCallInSource(const std::string& program_path);

// A listening UDP program, still running, that left a datagram unanswered which reached it
// intact (netgrade dropped nothing towards it and it was seen waiting for the next one, or its
// source draws random numbers) after answering earlier ones of the same client correctly.
// `source_line` is RandomCallInSource() of the program. Ok when this is not the case.
check::Finding CheckDropsAtRandom(const observe::Observation& obs,
                                  const std::optional<std::string>& source_line);

// A lucky pass: a UDP server whose source draws random numbers (RandomCallInSource) and that
// passed (`verdict` kNone) may leave answers out at random and have been lucky this run; the
// note that says so, or none. The UDP kind's notes (check::KindChecks::notes).
std::vector<std::string> RandomDrawNotes(const observe::Observation& obs, check::Code verdict);

}  // namespace netgrade::sockets
