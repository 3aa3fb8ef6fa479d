#include "harness/run/grade.h"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <thread>

#include "harness/base/error.h"
#include "harness/kinds/kind.h"
#include "harness/observe/proc_sockets.h"
#include "harness/run/case_in_copy.h"
#include "harness/run/case_queue.h"
#include "harness/run/fixed_ports.h"
#include "harness/run/peer_programs.h"
#include "harness/run/teardowns.h"
#include "harness/sandbox/case_user.h"
#include "harness/sandbox/netns.h"
#include "harness/sandbox/netns_pool.h"
#include "harness/sandbox/port_lock.h"
#include "harness/sandbox/work_copy.h"
#include "harness/spec/draw.h"

namespace netgrade::run {

namespace {

// A name safe as one file name: what is not a letter, digit, '.', '-' or '_' becomes '_', and
// a name of dots only gets a '_' before it.
std::string FileNamePart(const std::string& name) {
  std::string out;
  for (char c : name.substr(0, 100))
    out +=
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ? c : '_';
  if (out.find_first_not_of('.') == std::string::npos) out = "_" + out;
  return out;
}

}  // namespace

std::filesystem::path CaptureFile(const GradeOptions& options,
                                  const std::filesystem::path& submission,
                                  const std::string& case_name) {
  std::filesystem::path dir = options.capture_dir;
  if (options.capture_per_submission) {
    std::filesystem::path folder = submission.lexically_normal();
    if (!folder.has_filename()) folder = folder.parent_path();
    dir /= FileNamePart(folder.filename().string());
  }
  return dir / (FileNamePart(case_name) + ".pcapng");
}

int ParallelJobs(const spec::Spec& spec, int jobs) {
  if (jobs <= 1) return 1;
  // Without namespaces of their own, two programs running at once share one socket table; a
  // grader that finds their sockets by owner (it may not read their descriptors: a default
  // container) tells them apart only when each case has a uid of its own (root claims one
  // per case: sandbox/case_user.h), else it would take one's sockets for the other's.
  if (!observe::ReadsOtherUsersDescriptors() && !sandbox::NetNamespace::Available() &&
      !sandbox::CaseUser::Available())
    return 1;
  // Without namespaces of their own, two cases of a program with a fixed port would collide.
  bool fixed = std::any_of(spec.roles.begin(), spec.roles.end(),
                           [](const spec::Role& r) { return r.port_via == spec::PortVia::kFixed; });
  return fixed && !sandbox::NetNamespace::Available() ? 1 : jobs;
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

std::vector<GradeOutcome> GradeAll(const spec::Spec& spec_as_written,
                                   const GradeOptions& options_as_given,
                                   const std::vector<std::filesystem::path>& submissions,
                                   const OnGraded& on_graded) {
  // The instructors' programs the cases play as their peers are made ready before any case
  // (off this thread, as the cases' own builds are: below).
  GradeOptions options = options_as_given;
  // Nothing of the grading is left in the temporary directory once it returns, the empty
  // mount points kept from copy to copy included.
  struct ReleaseRoots {
    ~ReleaseRoots() { sandbox::ReleaseKeptCopyRoots(); }
  } release_roots;
  // The messages the spec draws from the seed, drawn for this run's (--seed replays them).
  const spec::Spec drawn = spec::DrawMessages(spec_as_written, options.run.seed);
  const spec::Spec& spec = drawn;
  // Without namespaces of their own the programs use this machine's fixed port: the runs on
  // this computer take it in turns, and a port another program holds stops the run here.
  std::optional<sandbox::PortLocks> port_locks;
  if (!submissions.empty()) port_locks = TakeFixedPortTurns(spec, options.run, options.roles);
  // Probed here, before any thread starts (see DescribeSandbox); the same for every case.
  CaseQueue queue(spec, options, submissions, DescribeSandbox(options.run, kinds::RawSockets(spec)),
                  on_graded);
  const int threads = ParallelJobs(spec, options.jobs);
  // On this machine's own network, cases that run at once share its ports: a program that
  // binds a port written in its code (the textbook's 12000, ignoring its argument) finds it
  // taken by the same program in another case. Such a case is graded again alone, with no
  // other case running, and that grading is its verdict.
  const bool shared_network = threads > 1 && SharedNetwork(options.run);
  std::shared_mutex alone;
  // The case with no other running: its program gone, too, before another starts.
  auto run_alone = [&](const PreparedSubmission& p, size_t c) {
    std::unique_lock<std::shared_mutex> only(alone);
    CaseInCopy ran = RunInCopyLeavingRemains(spec, options, p, *p.todo[c]);
    if (ran.bury) ran.bury(&ran.result);  // as alone as it ran
    ran.bury = nullptr;
    return ran;
  };
  auto run_one = [&](const PreparedSubmission& p, size_t c) {
    // A case that measures the program's speed by the clock runs with no other at once.
    if (threads > 1 && kinds::RunsAlone(spec, *p.todo[c])) return run_alone(p, c);
    CaseInCopy ran;
    {
      std::shared_lock<std::shared_mutex> others(alone);
      ran = RunInCopyLeavingRemains(spec, options, p, *p.todo[c]);
    }
    if (shared_network && PortTakenByAnotherCase(ran.result)) {
      if (ran.bury) ran.bury(&ran.result);  // before any other case runs
      return run_alone(p, c);
    }
    return ran;
  };
  // The workers enter the cases' network namespaces: never on this thread, which may be the
  // process's first, whose network is what /proc/net shows (sandbox::OffTheFirstThread). The
  // user namespace those need where the grader is not root is entered first, on this thread,
  // while it may be the only one (NetNamespace::Available): before the teardowns' thread.
  const bool isolated = options.run.isolate && sandbox::NetNamespace::Available();
  // A case's program, killed once its verdict is known, ends while the next case runs: its
  // result is told once it has (a copy that could not be removed is in it).
  Teardowns teardowns(static_cast<size_t>(threads) + 1);
  // Cases that overlap so need a namespace each: made there while the first case runs.
  if (isolated)
    teardowns.Give([n = static_cast<size_t>(threads) + 1] { sandbox::KeepSpareNamespaces(n); });
  auto done = [&](size_t s, size_t c, CaseInCopy ran) {
    if (!ran.bury) return queue.Done(s, c, std::move(ran.result));
    teardowns.Give([&queue, s, c, ran]() mutable {
      ran.bury(&ran.result);
      queue.Done(s, c, std::move(ran.result));
    });
  };
  sandbox::OffTheFirstThread([&] {
    if (!submissions.empty()) options.peer_programs = PreparePeerPrograms(spec, options);
    RunInParallel(static_cast<size_t>(threads), threads, [&](size_t) {
      try {
        for (size_t s, c; queue.Take(&s, &c);) {
          done(s, c, run_one(queue.submission(s), c));
          // A submission's last case: it is told, and its copies are gone, before the next
          // submission is prepared (copied): one job holds one submission's copies at a time.
          if (c + 1 == queue.submission(s).todo.size()) teardowns.Finish();
        }
      } catch (...) {
        queue.Stop();
        throw;
      }
    });
    teardowns.Finish();
  });
  return queue.TakeOutcomes();
}

check::GradeResult Grade(const spec::Spec& spec, const GradeOptions& options) {
  std::vector<GradeOutcome> out = GradeAll(spec, options, {options.submission});
  if (!out[0].layout_error.empty()) throw UsageError(out[0].layout_error);
  return std::move(out[0].result);
}

}  // namespace netgrade::run
