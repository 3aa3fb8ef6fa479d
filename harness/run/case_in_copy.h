// One case of a prepared submission (run/prepared_submission.h): run in a fresh copy of the
// checked one, as a user of the case's own, so that cases running at once cannot meet; or,
// when it cannot run (a failed build, no program for its role, the grader's own failure), the
// result that says why.
#pragma once

#include <functional>

#include "harness/check/result.h"
#include "harness/run/grade.h"
#include "harness/run/prepared_submission.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

// The case's result, naming the toolchain that built or ran the role's program (its compile
// error included: the compiler's version may be why). Returns once the case's program has
// ended and its copy is removed.
check::CaseResult RunInCopy(const spec::Spec& spec, const GradeOptions& options,
                            const PreparedSubmission& p, const spec::Case& test);

// A case's result as soon as its verdict is known, and what it leaves to tear down.
struct CaseInCopy {
  check::CaseResult result;
  // Waits for the case's program to end (run/case_runner.h's CaseRemains), removes its copy
  // (noting in *result that it could not, when so) and frees its user. Off the process's first
  // thread; empty when nothing is left.
  std::function<void(check::CaseResult*)> bury;
};

// RunInCopy, leaving the tearing down to the caller, who may do it while the next case runs.
CaseInCopy RunInCopyLeavingRemains(const spec::Spec& spec, const GradeOptions& options,
                                   const PreparedSubmission& p, const spec::Case& test);

// A result for a case that did not run: its name, role, description, visibility and points,
// with this code (its verdict follows from it: check::VerdictOf) and message (with its shape
// where it was said with check::Say).
check::CaseResult Unrun(const spec::Case& test, check::Code code, check::Phrase message);
// The same with the diagnosis in its parts (a failed build's).
check::CaseResult Unrun(const spec::Case& test, const check::Finding& said);
// A case not run on this machine (own_network.h's NotRunHere says `why`): worth no points
// here, so neither its points nor its failure count.
check::CaseResult NotRunResult(const spec::Case& test, std::string why);

}  // namespace netgrade::run
