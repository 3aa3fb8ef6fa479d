// The last phase of a case: its verdict and what the grader saw, put together as the result
// reports show (check::CaseResult): the verdict and score, the explanation, the notes, and
// with faults the proxy's transcript behind the fault plan in words.
#pragma once

#include <cstdint>
#include <string>

#include "harness/check/finding.h"
#include "harness/check/result.h"
#include "harness/observe/observation.h"
#include "harness/proxy/case_proxy.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

struct CaseOutcome {
  const spec::Case* test = nullptr;
  std::string program;  // "server.py"
  uint64_t seed = 1;    // the run's: the one --seed takes
  check::Finding finding;
  const observe::Observation* seen = nullptr;  // the final observation, judged
  const proxy::CaseProxy* proxy = nullptr;     // with faults
  double wall_ms = 0, student_ms = 0, load_extension_ms = 0;
};

check::CaseResult MakeCaseResult(const CaseOutcome& outcome);

// "fault plan (seed 7): to the student: drop #2; from the student: ...".
std::string DescribeFaults(const spec::Case& test, uint64_t seed);

}  // namespace netgrade::run
