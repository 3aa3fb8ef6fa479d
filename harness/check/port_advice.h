// How the port reached the student's program (spec::Role::port_via), in the words a
// diagnosis needs: a wrong port is fixed differently when the exercise fixes the port, when
// it comes on the command line and when it comes in an environment variable.
#pragma once

#include <cstdint>
#include <string>

#include "harness/observe/observation.h"

namespace netgrade::check {

// Where the port came from: "given on its command line (sys.argv[1] / argv[1])", "the
// exercise's port 12000", "given in the environment variable PORT".
std::string PortOrigin(const observe::Observation& obs);
// What to do about a program that used port `used` instead of obs.port, as a sentence.
std::string PortAdvice(const observe::Observation& obs, uint16_t used);

}  // namespace netgrade::check
