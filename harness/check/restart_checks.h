// A program a case's script stopped and started again (spec::Step: stop student, start
// student, listening): did it listen again, and if not, was its port still taken.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// The first line of `stderr_text` that says bind() failed with EADDRINUSE, in the words of C
// (perror, strerror: "Address already in use"), Python ("OSError: [Errno 98] Address already
// in use") or Node ("EADDRINUSE"); nullopt when none does.
std::optional<std::string> AddressInUseLine(std::string_view stderr_text);

// address_in_use when the restarted program could not bind its port again, else
// not_listening_again when it was not listening again within the step's bound; a crash is read
// in the kind's `terms`.
Finding CheckRestart(const observe::Observation& obs, const SocketTerms& terms);

}  // namespace netgrade::check
