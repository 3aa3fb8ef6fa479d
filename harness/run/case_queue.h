// Every case of every submission of a grading in one queue, so that --jobs fills all its
// slots. A submission is prepared (copied, checked and built: run/prepared_submission.h) only
// when a worker finds no case ready to run before it, and its copy removed after its last
// case: a class of hundreds holds about `jobs` copies at a time, and the first results come
// while the last submissions are still untouched. Preparing runs outside the queue's lock: a
// build (`make`) takes seconds, and the other workers meanwhile run the cases of the
// submissions before it or prepare the next ones, so at most `jobs` builds run at once
// instead of one after the other.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "harness/check/result.h"
#include "harness/run/grade.h"
#include "harness/run/prepared_submission.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

class CaseQueue {
 public:
  // `sandbox` goes into every submission's result; `on_graded` (may be empty) is told of each
  // submission once its last case has run, or at once for a layout error (see OnGraded).
  CaseQueue(const spec::Spec& spec, const GradeOptions& options,
            const std::vector<std::filesystem::path>& submissions, check::Sandbox sandbox,
            OnGraded on_graded);

  // The next case to run (submission *s, its case *c: submission(*s).todo[*c]), in the
  // submissions' order among those prepared, preparing the next submission first when none is
  // ready; false when there is none left, or once a worker has failed. Rethrows what preparing
  // throws, but a layout error (plan::MissingToolchain: the grading machine's problem, for
  // whoever runs it; every submission in that language would fail alike), and stops the queue.
  bool Take(size_t* s, size_t* c);
  PreparedSubmission& submission(size_t s) { return *prepared_[s]; }
  // Case c of submission s has run: the last one removes the submission's copy and tells it.
  void Done(size_t s, size_t c, check::CaseResult result);
  // A worker failed: the others take no more work.
  void Stop();
  // Every submission's outcome, in the order given, once the workers are done.
  std::vector<GradeOutcome> TakeOutcomes() { return std::move(out_); }

 private:
  enum class State { kWaiting, kPreparing, kReady };
  // Prepares submission i with `lock` released; its outcome is recorded under it.
  void Prepare(size_t i, std::unique_lock<std::mutex>& lock);
  // Submission i as a layout error: nothing graded, out of the points its cases would have had.
  void LayoutError(size_t i, const std::string& error, const std::string& shape);
  // The submission's outcome once its last case has run: totals, then on_graded.
  void Finish(size_t s);
  // Every case of submission i has been handed out (or it has none).
  bool Exhausted(size_t i) const;

  const spec::Spec& spec_;
  const GradeOptions& options_;
  const std::vector<std::filesystem::path>& submissions_;
  const check::Sandbox sandbox_;
  const OnGraded on_graded_;
  std::vector<GradeOutcome> out_;
  std::vector<std::unique_ptr<PreparedSubmission>> prepared_;
  std::vector<State> state_;
  std::vector<size_t> next_case_;
  std::mutex mutex_;
  std::condition_variable prepared_one_;  // a submission left kPreparing (or a worker failed)
  size_t first_open_ = 0;                 // submissions before it have handed out every case
  std::atomic<bool> stop_{false};         // a worker failed: the others take no more work
};

}  // namespace netgrade::run
