// How the port reached the student's program (spec::Role::port_via), in the words a
// diagnosis needs: a wrong port is fixed differently when the exercise fixes the port, when
// it comes on the command line and when it comes in an environment variable.
#pragma once

#include <cstdint>
#include <string>

#include "harness/check/say.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// Where the port came from: "given on its command line (sys.argv[1] / argv[1])", "the
// exercise's port 12000", "given in the environment variable PORT". Said with Say, the case's
// port marked (CasePort).
Phrase PortOrigin(const observe::Observation& obs);
// What to do about a program that used port `used` instead of obs.port, as a sentence. Said
// with Say, the case's port marked (CasePort).
Phrase PortAdvice(const observe::Observation& obs, uint16_t used);
// `address` when it is one written in the program, an address of another computer
// ("10.0.0.1"): "" for any address, loopback, and the addresses netgrade gives a case's two
// hosts (sandbox::TwoHosts). In the case's own network every address leads back to it, so such a
// program binds or sends there and misses what netgrade does on the address it was given.
std::string WrittenAddress(const std::string& address);

}  // namespace netgrade::check
