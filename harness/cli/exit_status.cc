#include "harness/cli/exit_status.h"

namespace netgrade::cli {

ExitStatus Tally::Status() const {
  if (grader_error) return kExitInternal;
  if (failed) return kExitFailed;
  return not_run ? kExitUsage : kExitPassed;
}

}  // namespace netgrade::cli
