#include "harness/run/case_queue.h"

#include <utility>

#include "harness/base/error.h"
#include "harness/plan/languages.h"

namespace netgrade::run {

CaseQueue::CaseQueue(const spec::Spec& spec, const GradeOptions& options,
                     const std::vector<std::filesystem::path>& submissions, check::Sandbox sandbox,
                     OnGraded on_graded)
    : spec_(spec),
      options_(options),
      submissions_(submissions),
      sandbox_(std::move(sandbox)),
      on_graded_(std::move(on_graded)),
      out_(submissions.size()),
      prepared_(submissions.size()),
      state_(submissions.size(), State::kWaiting),
      next_case_(submissions.size(), 0) {}

bool CaseQueue::Exhausted(size_t i) const {
  return state_[i] == State::kReady &&
         (!prepared_[i] || next_case_[i] >= prepared_[i]->todo.size());
}

bool CaseQueue::Take(size_t* s, size_t* c) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    while (first_open_ < submissions_.size() && Exhausted(first_open_)) ++first_open_;
    bool preparing = false;
    bool prepared_now = false;
    for (size_t i = first_open_; i < submissions_.size() && !prepared_now; ++i) {
      if (state_[i] == State::kPreparing) {
        preparing = true;
      } else if (state_[i] == State::kWaiting) {
        Prepare(i, lock);
        prepared_now = true;  // the queue may have changed while unlocked: look again
      } else if (!Exhausted(i)) {
        *s = i;
        *c = next_case_[i]++;
        return true;
      }
    }
    if (prepared_now) continue;
    if (!preparing) return false;
    prepared_one_.wait(lock);  // only cases of submissions another worker still prepares
  }
  return false;
}

void CaseQueue::Prepare(size_t i, std::unique_lock<std::mutex>& lock) {
  state_[i] = State::kPreparing;
  lock.unlock();
  std::unique_ptr<PreparedSubmission> ready;
  std::string layout_error, layout_error_shape;
  auto fail = [&] {
    lock.lock();
    stop_ = true;
    state_[i] = State::kReady;
    prepared_one_.notify_all();
  };
  try {
    ready = PrepareSubmission(spec_, options_, submissions_[i]);
  } catch (const plan::MissingToolchain&) {
    // The grading machine's problem, for whoever runs it (exit 2): every submission in
    // that language would fail alike, so the run stops here.
    fail();
    throw;
  } catch (const ShapedLayoutError& e) {
    layout_error = e.what();
    layout_error_shape = e.shape();
  } catch (const UsageError& e) {
    layout_error = e.what();
  } catch (...) {
    fail();
    throw;
  }
  lock.lock();
  state_[i] = State::kReady;
  prepared_one_.notify_all();
  if (!ready) {
    LayoutError(i, layout_error, layout_error_shape);
    return;
  }
  prepared_[i] = std::move(ready);
  if (prepared_[i]->todo.empty()) Finish(i);
}

void CaseQueue::LayoutError(size_t i, const std::string& error, const std::string& shape) {
  out_[i].layout_error = error;
  out_[i].layout_error_shape = shape;
  check::GradeResult& r = out_[i].result;
  r.exercise = spec_.exercise;
  r.spec_file = spec_.file;
  r.submission = submissions_[i].string();
  r.seed = options_.run.seed;
  // Nothing graded, out of the points its cases would have had: a class's report
  // and gradebook count it as 0 of them, not 0 of 0.
  for (const spec::Case& c : spec_.cases)
    if ((options_.cases.empty() || options_.cases.count(c.name)) &&
        (options_.roles.empty() || options_.roles.count(c.role)))
      r.max_score += c.points;
  if (on_graded_) on_graded_(i, out_[i]);
}

void CaseQueue::Finish(size_t s) {
  check::GradeResult& r = prepared_[s]->result;
  r.sandbox = sandbox_;
  for (const check::CaseResult& c : r.cases) {
    r.score += c.score;
    r.max_score += c.max_score;
  }
  out_[s].result = std::move(r);
  if (on_graded_) on_graded_(s, out_[s]);
}

void CaseQueue::Done(size_t s, size_t c, check::CaseResult result) {
  PreparedSubmission& p = *prepared_[s];
  p.result.cases[c] = std::move(result);
  if (--p.unfinished == 0) {
    p.checked.reset();
    Finish(s);
  }
}

void CaseQueue::Stop() {
  std::lock_guard<std::mutex> lock(mutex_);
  stop_ = true;
  prepared_one_.notify_all();
}

}  // namespace netgrade::run
