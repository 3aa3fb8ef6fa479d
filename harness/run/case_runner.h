// One case from start to verdict: start the reference peer and the student's program, wait
// until the program is seen listening (when it is a server), play the peer's part, stop
// when every expectation is decided or the case times out, then judge.
#pragma once

#include <cstdint>
#include <string>

#include "harness/run/process.h"
#include "harness/run/result.h"
#include "harness/run/submission.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

struct RunOptions {
  uint64_t seed = 1;
  double timeout_multiplier = 1.0;  // NETGRADE_TIMEOUT_MULTIPLIER, for slow machines
  Limits limits;
  // Run each case in network namespaces of its own when the machine allows it.
  bool isolate = true;
  // Who the student's program runs as when the grader is root: nobody.
  int student_uid = 65534;
  int student_gid = 65534;
};

CaseResult RunCase(const spec::Spec& spec, const spec::Case& test, const Program& program,
                   const std::string& workdir, const RunOptions& options);

// The environment a student's program gets: nothing of the grader's but a plain PATH, a
// UTF-8 locale and HOME in its work directory.
std::vector<std::string> StudentEnvironment(const std::string& workdir);

}  // namespace netgrade::run
