// A program whose content is wrong and that also crashed: which of the two its diagnosis
// leads with. A crash or an early stop explains missing content better than the content
// itself, except a crash the grader caused or the exit status the spec asks for.
#pragma once

#include <functional>

#include "harness/check/finding.h"
#include "harness/check/kind_checks.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// The crash, worded with `content` (the failed content finding) where that helps: a broken
// pipe after a failed connect(), a refused connect(), content that went to another port
// (`went_elsewhere`). Ok when the content finding should stand: no crash, a broken pipe
// from writing after the reference client had hung up (its plan done, on a stream: `terms`),
// or the status the spec asks for (exit_status).
Finding CrashOverContent(const observe::Observation& obs, const Finding& content,
                         bool went_elsewhere, const SocketTerms& terms);

// For a kind whose program meets no peer and no proxy (its Kind::checks' explain): nothing of
// TCP's or UDP's explains wrong content, a crash may (read in the kind's `terms`), then the
// kind's own reading (`own`: a better finding or Ok; may be empty).
std::function<Finding(const observe::Observation&, const Content&)> CrashThen(
    const SocketTerms& terms,
    std::function<Finding(const observe::Observation&, const Finding&)> own);

}  // namespace netgrade::check
