// A submission made ready to grade, once, before its cases: copied and checked
// (sandbox::WorkCopy), the spec's files put in, built (the spec's build step, each role's
// source code), each role's program found in the copy, and the cases to run chosen. What the
// student got wrong in its layout is a UsageError; a failed build and the grader's own
// failures are kept, to be each case's result.
#pragma once

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/check/result.h"
#include "harness/plan/submission.h"
#include "harness/run/grade.h"
#include "harness/sandbox/work_copy.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

// One submission, ready to run: its checked copy, its programs (in that copy) and the cases
// to run, each with a result slot.
struct PreparedSubmission {
  std::filesystem::path submission;
  // The submission copied once, links resolved and checked (see sandbox::WorkCopy): each
  // case runs in a copy of this one, never of the student's folder, and its programs are
  // found here. Null when the grader could not make it (each case is then its ERROR).
  std::unique_ptr<sandbox::WorkCopy> checked;
  std::string copy_failure;
  // The spec's build step when it did not build: the student's failure (every case fails
  // with it), or the grader's (every case is its ERROR).
  check::Finding build_failure;  // ok() when it built
  std::string build_error;
  std::map<std::string, check::Finding> role_build_failure;  // a role's source that did not build
  std::atomic<size_t> unfinished{0};  // cases still to run: the last one removes `checked`
  std::map<std::string, plan::Program> programs;
  std::vector<const spec::Case*> todo;
  check::GradeResult result;
  // Where the programs were looked for (the checked copy, when there is one).
  std::filesystem::path folder() const { return checked ? checked->dir() : submission; }
};

// Copies the submission once and finds the programs in the copy; throws UsageError for a
// layout error (see Grade()), plan::MissingToolchain when this machine lacks a language's.
std::unique_ptr<PreparedSubmission> PrepareSubmission(const spec::Spec& spec,
                                                      const GradeOptions& options,
                                                      const std::filesystem::path& submission);

}  // namespace netgrade::run
