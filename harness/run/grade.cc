#include "harness/run/grade.h"

#include <fmt/core.h>
#include <unistd.h>

#include "harness/run/netns.h"
#include "harness/sys/error.h"

#include <atomic>
#include <mutex>
#include <thread>

namespace netgrade::run {
namespace fs = std::filesystem;

bool GradeResult::all_passed() const {
  for (const CaseResult& c : cases)
    if (!c.passed()) return false;
  return true;
}

bool GradeResult::grader_error() const {
  for (const CaseResult& c : cases)
    if (c.verdict == check::Verdict::kGraderError) return true;
  return false;
}

int ParallelJobs(const spec::Spec& spec, int jobs) {
  if (jobs <= 1) return 1;
  // Without namespaces of their own, two cases of a program with a fixed port would collide.
  bool fixed = std::any_of(spec.roles.begin(), spec.roles.end(),
                           [](const spec::Role& r) { return r.port_via == spec::PortVia::kFixed; });
  return fixed && !NetNamespace::Available() ? 1 : jobs;
}

void RunInParallel(size_t count, int jobs, const std::function<void(size_t)>& work) {
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    for (size_t i; (i = next++) < count;) {
      try {
        work(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs && static_cast<size_t>(t) < count; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

uint64_t CaseSeed(uint64_t run_seed, const std::string& case_name) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a of the name, then mixed with the seed
  for (unsigned char c : case_name) h = (h ^ c) * 1099511628211ull;
  uint64_t z = run_seed + 0x9e3779b97f4a7c15ull + h;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

GradeResult Grade(const spec::Spec& spec, const GradeOptions& options) {
  if (!fs::is_directory(options.submission))
    throw UsageError(fmt::format("submission '{}' is not a directory", options.submission.string()));
  std::string known;
  for (const spec::Role& role : spec.roles) known += (known.empty() ? "" : ", ") + role.name;
  for (const std::string& r : options.roles)
    if (!spec.FindRole(r)) throw UsageError(fmt::format("--role {}: {} has no such role (it has {})", r, spec.file, known));
  for (const auto& [r, path] : options.programs)
    if (!spec.FindRole(r))
      throw UsageError(fmt::format("--program {}={}: {} has no role '{}' (it has {})", r, path, spec.file, r, known));

  std::map<std::string, Program> programs;
  std::vector<std::string> missing;
  for (const spec::Role& role : spec.roles) {
    bool asked = options.roles.count(role.name) > 0;
    if (!options.roles.empty() && !asked) continue;
    if (auto p = FindProgram(options.submission, role, options.programs)) {
      programs.emplace(role.name, *p);
    } else if (asked) {
      throw UsageError(fmt::format("no program for role '{}' in {} (looked for {})", role.name,
                                   options.submission.string(), DescribeCandidates(role)));
    } else {
      missing.push_back(role.name);
    }
  }
  if (programs.empty())
    throw UsageError(fmt::format("no program for any role of {} in {}", spec.exercise, options.submission.string()));

  GradeResult result;
  result.exercise = spec.exercise;
  result.spec_file = spec.file;
  result.submission = options.submission.string();
  result.seed = options.run.seed;
  // The cases to run, each with a slot for its result; run by `jobs` threads, each case in
  // its own copy of the submission and its own network namespace, so they cannot meet.
  std::vector<const spec::Case*> todo;
  for (const spec::Case& test : spec.cases) {
    if (!options.cases.empty() && !options.cases.count(test.name)) continue;
    bool is_missing = std::find(missing.begin(), missing.end(), test.role) != missing.end();
    if (programs.count(test.role) || is_missing) todo.push_back(&test);
  }
  std::vector<CaseResult> results(todo.size());
  auto run_one = [&](size_t i) {
    const spec::Case& test = *todo[i];
    CaseResult& r = results[i];
    if (!programs.count(test.role)) {
      r.name = test.name;
      r.role = test.role;
      r.description = test.description;
      r.max_score = test.points;
      r.verdict = check::Verdict::kFail;
      r.code = check::Code::kMissingProgram;
      r.message = fmt::format("There is no program for the role '{}' (looked for {}).", test.role,
                              DescribeCandidates(*spec.FindRole(test.role)));
      return;
    }
    WorkCopy copy(options.submission);
    if (::geteuid() == 0) copy.GiveTo(options.run.student_uid, options.run.student_gid);
    RunOptions run = options.run;  // the run's seed: the case derives its own from it
    Program program = copy.Relocate(programs.at(test.role), options.submission);
    try {
      r = RunCase(spec, test, program, copy.dir().string(), run);
    } catch (const std::exception& e) {
      // The grader's own failure in one case (a port it could not bind, ...) is that case's
      // ERROR; the other cases are still graded.
      r = CaseResult{};
      r.name = test.name;
      r.role = test.role;
      r.description = test.description;
      r.program = program.display_name;
      r.max_score = test.points;
      r.seed = options.run.seed;
      r.verdict = check::Verdict::kGraderError;
      r.code = check::Code::kGraderProblem;
      r.message = fmt::format("The grader itself failed in this case ({}). This is not your program's fault.",
                              e.what());
    }
  };
  RunInParallel(todo.size(), ParallelJobs(spec, options.jobs), run_one);
  for (CaseResult& r : results) {
    result.score += r.score;
    result.max_score += r.max_score;
    result.cases.push_back(std::move(r));
  }
  return result;
}

}  // namespace netgrade::run
