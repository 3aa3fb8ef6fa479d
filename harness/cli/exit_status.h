// The exit status of a grading, from what its cases came to: the one rule `check` (one
// submission or several) and `batch` (a shard's gradebook) share.
#pragma once

#include "harness/cli/command.h"

namespace netgrade::cli {

// What the gradings of a run came to, added up submission by submission.
struct Tally {
  bool grader_error = false;  // a case's ERROR: the grader failed, never the student
  bool failed = false;        // a graded case failed, or a submission's layout was wrong
  bool not_run = false;       // a case needed what this machine does not give

  void Add(bool grader_error_, bool failed_, bool not_run_) {
    grader_error = grader_error || grader_error_;
    failed = failed || failed_;
    not_run = not_run || not_run_;
  }
  // 3 when the grader failed anywhere (its own error hides no student's failure: it is fixed
  // first), else 1 when a graded case failed, else 2 when a case was not run here (every
  // graded one passed, but the grading is not whole), else 0.
  ExitStatus Status() const;
};

}  // namespace netgrade::cli
