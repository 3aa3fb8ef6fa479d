// The checks an instructor writes in a spec's `expect:` beside the built-in ones: patterns,
// texts and line counts on what the program printed (stdout_*) or what the reference server
// received (received_*), a required exit status, and no traceback on stderr. Each diagnosis
// names what was expected and what came (escaped, cut), then the spec's own hint if any.
#pragma once

#include <string>
#include <vector>

#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/check/traceback.h"
#include "harness/observe/observation.h"
#include "harness/spec/spec.h"

namespace netgrade::check {

// `rules` over `lines`, in order; the first that fails is the finding. `who` starts the
// sentence ("client.py printed", "The reference server received"); `unit` is "line" or
// "datagram".
Finding CheckLineRules(const std::vector<spec::LineRule>& rules,
                       const std::vector<std::string>& lines, const std::string& who,
                       const std::string& unit);

// The case's stdout_* rules, then its received_* rules over the kind's messages (`terms`).
Finding CheckOutputRules(const observe::Observation& obs, const SocketTerms& terms);

// `exit_status: N`: it exited by itself with status N.
Finding CheckExitStatus(int status, const observe::ProgramRun& run);
// Whether the run ended as `exit_status` requires (so its non-zero status is no crash).
bool ExitedWithRequiredStatus(const spec::Expect& e, const observe::ProgramRun& run);

// `no_traceback: true`: stderr holds no Python traceback and no C++ "terminate called". A
// traceback is read with `context` (judge.cc gives the kind's habits alone).
Finding CheckNoTraceback(const observe::ProgramRun& run, const TracebackContext& context = {});

}  // namespace netgrade::check
