// Grades submissions against one spec: copies each submission once, checking its layout
// (sandbox::WorkCopy), finds each role's program in that copy (run/prepared_submission.h), and
// runs the cases of the chosen roles from one queue (run/case_queue.h), `jobs` at a time, each
// in a private copy of the checked one (run/case_in_copy.h).
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "harness/base/error.h"
#include "harness/check/result.h"
#include "harness/run/case_runner.h"
// What a caller of GradeAll says first: the containment the cases get (DescribeSandbox).
#include "harness/run/containment.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

struct PreparedSubmission;

struct GradeOptions {
  std::filesystem::path submission;
  std::set<std::string> roles;                  // empty: every role that has a program
  std::map<std::string, std::string> programs;  // --program ROLE=PATH
  std::set<std::string> cases;                  // empty: every case of the chosen roles
  RunOptions run;
  // --pcap: each case's capture is written to this folder as CASE.pcapng (CaptureFile); in a
  // folder per submission, named as its own, when `capture_per_submission`.
  std::filesystem::path capture_dir;
  bool capture_per_submission = false;
  int jobs = 1;  // cases run at once (each in its own namespaces when the machine allows)
  // A folder made ready for its programs alone (an instructor's, peer_programs.h): its checked
  // copy is kept though none of its cases is to run.
  bool keep_copy = false;
  // The instructors' programs the cases play as their peers, by folder (peer_programs.h): made
  // ready once by GradeAll.
  std::map<std::string, std::shared_ptr<const PreparedSubmission>> peer_programs;
};

// Throws UsageError for a layout error: no such directory, what the copy refuses (a link
// out of the submission, a FIFO, socket or device, an unreadable file or folder, more than
// sandbox::CopyLimits), a role asked for by name has no program, or no role has one. A role not
// asked for by name whose program is missing gets its cases failed with missing_program (a batch
// grade still scores the rest).
check::GradeResult Grade(const spec::Spec& spec, const GradeOptions& options);

// Several submissions (a class) in one queue of cases, so that --jobs runs cases of
// different submissions at once; the results in the order given. A submission is copied only
// when its first case is about to run and its copy removed after its last, so a class of any
// size holds about `jobs` copies at a time. A submission with a
// layout error gets it as text instead of a result (whose exercise, spec_file, submission and
// seed still name it).
struct GradeOutcome {
  check::GradeResult result;
  std::string layout_error;
  // The layout error's shape, as its maker gave it (ShapedLayoutError): its words with each value
  // (the submission, the roles' candidates) as "{}"; "" where it gave none.
  std::string layout_error_shape = {};
};

// A submission laid out so that it cannot be graded (not a folder, a copy refused, no program
// for any role), said with its words' shape (issue 48: the class page groups a class's layout
// errors by it). It is the UsageError it always was to whoever catches one; base/'s UsageError
// holds no shape, base/ coming before check/ (ci/include-order.sh).
class ShapedLayoutError : public UsageError {
 public:
  explicit ShapedLayoutError(const check::Phrase& words)
      : UsageError(words), shape_(words.shape()) {}
  const std::string& shape() const { return shape_; }

 private:
  std::string shape_;
};
// Told of each submission as soon as it is graded, before the others are (a batch writes its
// result at once, so that an interrupted run loses none): its index in `submissions` and its
// final outcome. A layout error is told before any case runs. Called from the thread that ran
// the submission's last case, so it must be thread-safe.
using OnGraded = std::function<void(size_t index, const GradeOutcome& outcome)>;
std::vector<GradeOutcome> GradeAll(const spec::Spec& spec, const GradeOptions& options,
                                   const std::vector<std::filesystem::path>& submissions,
                                   const OnGraded& on_graded = {});

// Where a case's capture goes: the case's name, and the submission folder's with
// capture_per_submission, made safe as file names (letters, digits, '.', '-', '_').
std::filesystem::path CaptureFile(const GradeOptions& options,
                                  const std::filesystem::path& submission,
                                  const std::string& case_name);

// How many cases may run at once: `jobs`, or 1 when the programs use a fixed port and
// there are no network namespaces to keep them apart.
int ParallelJobs(const spec::Spec& spec, int jobs);
// Calls work(0..count-1) on `jobs` threads, the calling one among them; rethrows the first
// exception.
void RunInParallel(size_t count, int jobs, const std::function<void(size_t)>& work);

}  // namespace netgrade::run
