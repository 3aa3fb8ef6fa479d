#include "harness/run/grade.h"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <stdexcept>
#include <thread>

#include "harness/base/error.h"
#include "harness/base/file.h"
#include "harness/base/text.h"
#include "harness/check/fixed_host.h"
#include "harness/observe/port_holder.h"
#include "harness/observe/proc_sockets.h"
#include "harness/observe/sock_diag.h"
#include "harness/plan/role_guess.h"
#include "harness/run/build_step.h"
#include "harness/run/spec_files.h"
#include "harness/sandbox/case_user.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/landlock.h"
#include "harness/sandbox/netns.h"
#include "harness/sandbox/port_lock.h"
#include "harness/sandbox/syscall_filter.h"
#include "harness/sandbox/work_copy.h"
#include "harness/spec/draw.h"

namespace netgrade::run {
namespace fs = std::filesystem;

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

namespace {

// The longest a run waits for another run's turn on a fixed port: two minutes, or
// NETGRADE_PORT_TURN_MS (a test's shorter bound).
std::chrono::milliseconds PortTurnBound() {
  const char* env = std::getenv("NETGRADE_PORT_TURN_MS");
  if (env != nullptr && *env != '\0') return std::chrono::milliseconds(std::atol(env));
  return std::chrono::milliseconds(120'000);
}

// The fixed ports of the spec's roles.
std::vector<uint16_t> FixedPorts(const spec::Spec& spec) {
  std::vector<uint16_t> ports;
  for (const spec::Role& r : spec.roles)
    if (r.port_via == spec::PortVia::kFixed && r.fixed_port > 0 && r.fixed_port <= 65535)
      ports.push_back(static_cast<uint16_t>(r.fixed_port));
  return ports;
}

// Whether the cases run on this machine's own network: no namespaces of their own, by choice
// or because the machine refuses them.
bool SharedNetwork(const RunOptions& run) {
  return !run.isolate || !sandbox::NetNamespace::Available();
}

// On this machine's own network, the connections of the case before on a fixed port may
// linger in TIME_WAIT for up to 60 s (the textbook's server closes first and sets no
// SO_REUSEADDR): while they do, neither its bind nor the peer's can succeed. Before such a
// case, while the kernel shows sockets on the port (sock_diag) and every one is closing
// (it goes away by itself), at most 65 s; at once where it cannot be seen, and where a
// socket a process holds is there (another program listening on the port: waiting would not
// free it, and the case says who holds it).
void WaitForNoSocketOn(uint16_t port) {
  // FIN_WAIT1, FIN_WAIT2, TIME_WAIT, LAST_ACK, CLOSING: no process needed to end them.
  auto closing = [](const observe::SocketInfo& s) {
    return s.state == 4 || s.state == 5 || s.state == 6 || s.state == 9 || s.state == 11;
  };
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(65);
  for (;;) {
    std::optional<std::vector<observe::SocketInfo>> on =
        observe::DiagSockets({{observe::SocketProto::kTcp, kAnyState, port, 0}});
    if (!on || on->empty() || !std::all_of(on->begin(), on->end(), closing) ||
        std::chrono::steady_clock::now() >= until)
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polled: no event for it
  }
}

// Whether a failed case's program said a port it binds is in use, in any language's words
// (C's strerror, Python's, Java's BindException, Go's, Node's EADDRINUSE, Rust's).
bool PortTakenByAnotherCase(const check::CaseResult& r) {
  if (r.passed() || r.verdict == check::Verdict::kGraderError) return false;
  std::string text = r.message;
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return text.find("address already in use") != std::string::npos ||
         text.find("eaddrinuse") != std::string::npos;
}

// Whether this machine's /etc/hosts names the peer as course code does, without a private
// one (which needs a mount namespace).
bool HostsFileMapsTheTextbooksNames() {
  std::set<std::string> names = check::NamesInHostsFile(ReadFile("/etc/hosts").value_or(""));
  return names.count("servername") && names.count("hostname");
}

}  // namespace

check::Sandbox DescribeSandbox(const RunOptions& options) {
  check::Sandbox s;
  if (options.isolate) {
    std::string why;
    s.network_namespace = sandbox::NetNamespace::Available(&why);
    const sandbox::CgroupPlace& place = sandbox::MachineCgroups();
    s.cgroups = sandbox::CgroupVersionName(place.version);
    bool cgroups = place.version != sandbox::CgroupVersion::kNone;
    // Not root, with namespaces: each case has a user namespace of its own, in which
    // RLIMIT_NPROC counts the case's processes alone (sandbox/spawn.cc).
    bool nproc_per_case = ::geteuid() != 0 && s.network_namespace;
    s.process_cap = (cgroups && place.caps_processes) || nproc_per_case;
    s.memory_cap = cgroups && place.caps_memory;
    // Without a cgroup's cap: RLIMIT_NPROC counts the processes of a user, so it caps a case
    // only where the programs have a user of their own (root: the student's uid; not root: a
    // user namespace of the case's own); memory is capped per process (RLIMIT_DATA), not across
    // a program's processes.
    std::vector<std::string> uncapped;
    if (!(cgroups && place.caps_processes))
      uncapped.push_back(::geteuid() == 0 ? "processes capped per user (RLIMIT_NPROC)"
                         : nproc_per_case ? "processes capped per case (RLIMIT_NPROC in a user "
                                            "namespace of the case's own)"
                                          : "no cap on the number of processes");
    if (!s.memory_cap)
      uncapped.push_back("memory capped per process (RLIMIT_DATA), not across processes");
    if (!uncapped.empty())
      s.weaker.push_back(fmt::format("{}: {}",
                                     cgroups ? place.why : "no cgroups (" + place.why + ")",
                                     fmt::join(uncapped, "; ")));
    if (!s.network_namespace)
      s.weaker.push_back(fmt::format(
          "no network namespaces ({}): the cases share this machine's network{}", why,
          HostsFileMapsTheTextbooksNames()
              ? ""
              : ", and the textbook's host names (servername, hostname) resolve only where "
                "/etc/hosts maps them (docker run --add-host servername:127.0.0.1 "
                "--add-host hostname:127.0.0.1)"));
    // The jail comes with the network namespace; without both, Landlock where the kernel has it.
    const int abi = sandbox::LandlockAbi();
    if (s.network_namespace) {
      s.filesystem = "a root of its own (mount namespace)";
    } else if (abi > 0) {
      s.filesystem = fmt::format("Landlock (ABI {})", abi);
      if (std::string shortfall = sandbox::LandlockShortfall(abi); !shortfall.empty())
        s.weaker.push_back(shortfall);
    } else {
      s.filesystem = "the machine's";
      s.weaker.push_back(
          "no filesystem of its own (no mount namespace, no Landlock): the programs read what "
          "their user may read on this machine");
    }
  } else {
    s.filesystem = "the machine's";
    s.weaker.push_back("isolation turned off: no cgroups, no network namespaces");
  }
  if (::geteuid() == 0) {
    // Each case claims a user of its own (sandbox/case_user.h), or else runs as student_uid.
    s.user = fmt::format("a uid of the case's own ({} and up), else uid {}",
                         sandbox::CaseUser::kFirst, options.student_uid);
  } else {
    s.user = "same as grader";
    s.weaker.push_back("not root: the programs run as the grader's own user");
  }
  s.sockets_found_by = observe::ReadsOtherUsersDescriptors() ? "descriptors" : "owner";
  s.case_users = sandbox::CaseUser::Available();
  s.refused_syscalls = sandbox::RefusedSyscalls();
  return s;
}

// Whether every case runs one at a time because the programs' sockets are found by their
// owner and the cases share one user (not root); else only fixed-port cases do.
static bool AllOneAtATime(const check::Sandbox& sandbox) {
  return sandbox.sockets_found_by == "owner" && !sandbox.case_users;
}

std::string ContainmentLine(const check::Sandbox& sandbox, bool one_at_a_time) {
  if (sandbox.full()) return "";
  std::string line = "netgrade: containment weaker than full: ";
  for (size_t i = 0; i < sandbox.weaker.size(); ++i) line += (i ? "; " : "") + sandbox.weaker[i];
  if (one_at_a_time)
    line += AllOneAtATime(sandbox)
                ? "; cases run one at a time (the programs' sockets are found by their owner)"
                : "; fixed-port cases run one at a time";
  return line + "\n";
}

std::string ContainmentSentence(const check::Sandbox& sandbox, const spec::Spec& spec,
                                bool one_at_a_time) {
  if (sandbox.network_namespace) return "";
  bool fixed = std::any_of(spec.roles.begin(), spec.roles.end(),
                           [](const spec::Role& r) { return r.port_via == spec::PortVia::kFixed; });
  if (!fixed && !one_at_a_time) return "";
  std::string so = one_at_a_time && AllOneAtATime(sandbox) ? "cases run one at a time"
                   : one_at_a_time ? "programs on a fixed port run one at a time"
                                   : "a program on a fixed port uses this computer's own port";
  return "netgrade could not give your program a network of its own here, so " + so +
         " (--verbose says why).\n";
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

namespace {

// One submission, ready to run: its checked copy, its programs (in that copy) and the cases
// to run, each with a result slot.
struct Prepared {
  fs::path submission;
  // The submission copied once, links resolved and checked (see sandbox::WorkCopy): each
  // case runs in a copy of this one, never of the student's folder, and its programs are
  // found here. Null when the grader could not make it (each case is then its ERROR).
  std::unique_ptr<sandbox::WorkCopy> checked;
  std::string copy_failure;
  // The spec's build step when it did not build: the student's failure (every case fails
  // with it), or the grader's (every case is its ERROR).
  std::string build_failure;
  std::string build_error;
  std::map<std::string, std::string> role_build_failure;  // a role's source that did not build
  std::atomic<size_t> unfinished{0};  // cases still to run: the last one removes `checked`
  std::map<std::string, plan::Program> programs;
  std::vector<const spec::Case*> todo;
  check::GradeResult result;
  // Where the programs were looked for (the checked copy, when there is one).
  fs::path folder() const { return checked ? checked->dir() : submission; }
};

// Runs the spec's build step in the checked copy, recording a failed build in p.
void Build(const spec::Build& build, const RunOptions& options, Prepared& p) {
  BuildOutcome outcome = BuildCopy(build, *p.checked, options);
  if (outcome.kind == BuildOutcome::Kind::kFailed) p.build_failure = outcome.message;
  if (outcome.kind == BuildOutcome::Kind::kGraderError) p.build_error = outcome.message;
}

// Copies the submission once and finds the programs in the copy; throws UsageError for a
// layout error (see Grade()).
std::unique_ptr<Prepared> Prepare(const spec::Spec& spec, const GradeOptions& options,
                                  const fs::path& submission) {
  if (!fs::is_directory(submission))
    throw UsageError(fmt::format("submission '{}' is not a directory", submission.string()));
  std::string known;
  for (const spec::Role& role : spec.roles) known += (known.empty() ? "" : ", ") + role.name;
  for (const std::string& r : options.roles)
    if (!spec.FindRole(r))
      throw UsageError(
          fmt::format("--role {}: {} has no such role (it has {})", r, spec.file, known));
  for (const auto& [r, path] : options.programs)
    if (!spec.FindRole(r))
      throw UsageError(fmt::format("--program {}={}: {} has no role '{}' (it has {})", r, path,
                                   spec.file, r, known));

  auto prepared = std::make_unique<Prepared>();
  Prepared& p = *prepared;
  p.submission = submission;
  try {
    p.checked = std::make_unique<sandbox::WorkCopy>(submission);
  } catch (const UsageError& e) {
    // What the copy refused (a link out of the submission, a FIFO, an unreadable file, too
    // much): the student's layout error, naming the file; several, one a line.
    std::string why = e.what();
    if (why.find('\n') == std::string::npos)
      throw UsageError(fmt::format("submission '{}': {}", submission.string(), why));
    for (size_t at = 0; (at = why.find('\n', at)) != std::string::npos; at += 5)
      why.replace(at, 1, "\n  - ");
    throw UsageError(fmt::format("submission '{}' cannot be copied to be graded:\n  - {}",
                                 submission.string(), why));
  } catch (const std::exception& e) {  // the grader's own failure (no temporary directory)
    p.copy_failure = e.what();
  }
  // The spec's files (a web server's pages) before the build and the cases' copies.
  if (p.checked && !spec.files.empty() && p.copy_failure.empty())
    if (std::string failed = PutGivenFiles(spec, p.checked->dir()); !failed.empty()) {
      p.checked.reset();
      p.copy_failure = failed;
    }
  if (spec.build && p.checked) Build(*spec.build, options.run, p);
  const bool unbuilt = !p.build_failure.empty() || !p.build_error.empty();
  const fs::path folder = p.folder();
  // After a build that succeeded, a missing program is one its Makefile did not make.
  const std::string after_build =
      spec.build && p.checked
          ? fmt::format(" The build ({}) made none of them.", Quote(spec.build->command, 80))
          : "";
  std::vector<std::string> missing;
  for (const spec::Role& role : spec.roles) {
    if (unbuilt) break;  // every case fails with the build's outcome
    bool asked = options.roles.count(role.name) > 0;
    if (!options.roles.empty() && !asked) continue;
    if (auto program = plan::FindProgram(folder, role, options.programs, !spec.build)) {
      // --program naming a file of the submission: that file in the checked copy.
      if (p.checked) *program = p.checked->Relocate(*program, submission);
      p.programs.emplace(role.name, *program);
    } else if (asked) {
      throw UsageError(fmt::format("no program for role '{}' in {} (looked for {}).{}{}", role.name,
                                   submission.string(), plan::DescribeCandidates(role), after_build,
                                   plan::NearMisses(folder, role, spec.roles)));
    } else {
      missing.push_back(role.name);
    }
  }
  // Source code found for a role (server.c, TCPServer.java): built once, in the checked copy,
  // before any case; a failed build is the submission's, as the spec's own build step's.
  // Each role's cases fail with its own program's build: a C client that does not compile
  // leaves the Python server's cases to run. Java's one javac for both is run once.
  std::map<std::vector<std::string>, BuildOutcome> builds;
  for (const auto& [role, program] : p.programs) {
    if (program.build_argv.empty() || !p.checked) continue;
    auto built = builds.find(program.build_argv);
    if (built == builds.end())
      built = builds.emplace(program.build_argv, BuildSources({&program}, *p.checked, options.run))
                  .first;
    if (built->second.kind == BuildOutcome::Kind::kFailed)
      p.role_build_failure[role] = built->second.message;
    if (built->second.kind == BuildOutcome::Kind::kGraderError)
      p.build_error = built->second.message;
  }
  if (p.programs.empty() && !unbuilt) {
    std::string why;
    for (const spec::Role& role : spec.roles)
      if (options.roles.empty() || options.roles.count(role.name))
        why += fmt::format("\n  {}: looked for {}.{}{}", role.name, plan::DescribeCandidates(role),
                           after_build, plan::NearMisses(folder, role, spec.roles));
    throw UsageError(fmt::format("no program for any role of {} in {}:{}", spec.exercise,
                                 submission.string(), why));
  }

  p.result.exercise = spec.exercise;
  p.result.spec_file = spec.file;
  p.result.submission = submission.string();
  p.result.seed = options.run.seed;
  for (const spec::Case& test : spec.cases) {
    if (!options.cases.empty() && !options.cases.count(test.name)) continue;
    bool is_missing = std::find(missing.begin(), missing.end(), test.role) != missing.end();
    bool chosen = options.roles.empty() || options.roles.count(test.role);
    if (p.programs.count(test.role) || is_missing || (unbuilt && chosen)) p.todo.push_back(&test);
  }
  p.result.cases.resize(p.todo.size());
  p.unfinished = p.todo.size();
  if (p.todo.empty()) p.checked.reset();
  return prepared;
}

check::CaseResult Unrun(const spec::Case& test, check::Verdict verdict, check::Code code,
                        std::string message) {
  check::CaseResult r;
  r.name = test.name;
  r.role = test.role;
  r.description = test.description;
  r.visibility = test.visibility;
  r.max_score = test.points;
  r.verdict = verdict;
  r.code = code;
  r.message = std::move(message);
  return r;
}

// Runs one case of a prepared submission, in its own copy of the submission (and its own
// network namespace), so cases running at once cannot meet.
check::CaseResult RunOneCase(const spec::Spec& spec, const GradeOptions& options, const Prepared& p,
                             const spec::Case& test) {
  if (!p.build_failure.empty())
    return Unrun(test, check::Verdict::kFail, check::Code::kBuildFailed, p.build_failure);
  if (!p.build_error.empty())
    return Unrun(test, check::Verdict::kGraderError, check::Code::kGraderProblem,
                 fmt::format("The grader itself failed ({}). This is not your program's fault.",
                             p.build_error));
  if (auto failed = p.role_build_failure.find(test.role); failed != p.role_build_failure.end())
    return Unrun(test, check::Verdict::kFail, check::Code::kCompileError, failed->second);
  if (!p.programs.count(test.role)) {
    std::vector<std::string> found;  // the roles that have a program: graded alone with --role
    for (const auto& [role, program] : p.programs) found.push_back(role);
    const spec::Role& role = *spec.FindRole(test.role);
    return Unrun(
        test, check::Verdict::kFail, check::Code::kMissingProgram,
        fmt::format("There is no program for the role '{}' (looked for {}).{}{}", test.role,
                    plan::DescribeCandidates(role), plan::NearMisses(p.folder(), role, spec.roles),
                    plan::OnlyRolesHint(p.folder(), role, spec.roles, found)));
  }
  try {
    if (!p.checked) throw std::runtime_error(p.copy_failure);
    // A fresh copy of the checked one: what one case's program writes, no other case sees.
    std::optional<sandbox::WorkCopy> built_copy;
    try {
      built_copy.emplace(p.checked->dir());
    } catch (const UsageError& e) {
      // The checked copy passed before the build step: what it refuses now, the build made.
      if (!spec.build) throw;
      return Unrun(
          test, check::Verdict::kFail, check::Code::kBuildFailed,
          fmt::format("The build ({}) left files netgrade cannot copy to run the cases: {}",
                      Quote(spec.build->command, 80), e.what()));
    }
    sandbox::WorkCopy& copy = *built_copy;
    RunOptions run = options.run;
    // A user of the case's own (root only); without one, the shared fallback user.
    std::string why;
    std::optional<sandbox::CaseUser> user;
    if (::geteuid() == 0) user = sandbox::CaseUser::Claim(&why);
    if (user) run.student_uid = run.student_gid = static_cast<int>(user->uid());
    if (::geteuid() == 0) copy.GiveTo(run.student_uid, run.student_gid);
    plan::Program program = copy.Relocate(p.programs.at(test.role), p.checked->dir());
    // The run's seed: the case derives its own from it.
    if (SharedNetwork(run))
      for (uint16_t port : FixedPorts(spec)) WaitForNoSocketOn(port);
    check::CaseResult r = RunCase(spec, test, program, copy.dir().string(), run);
    // A copy that cannot be removed (stderr says why, for the operator) is in the results too.
    if (!copy.Remove().empty())
      r.notes.push_back(
          "netgrade could not remove everything this case's program left in its folder (the "
          "grader's log says what).");
    return r;
  } catch (const std::exception& e) {
    // The grader's own failure in one case (a port it could not bind, ...) is that case's
    // ERROR; the other cases are still graded.
    check::CaseResult r =
        Unrun(test, check::Verdict::kGraderError, check::Code::kGraderProblem,
              fmt::format("The grader itself failed in this case ({}). This is not your "
                          "program's fault.",
                          e.what()));
    r.seed = options.run.seed;
    return r;
  }
}

// RunOneCase, naming the toolchain that built or ran the role's program (its compile error
// included: the compiler's version may be why).
check::CaseResult RunOne(const spec::Spec& spec, const GradeOptions& options, const Prepared& p,
                         const spec::Case& test) {
  check::CaseResult r = RunOneCase(spec, options, p, test);
  if (auto program = p.programs.find(test.role); program != p.programs.end())
    r.toolchain = program->second.toolchain;
  return r;
}

}  // namespace

std::vector<GradeOutcome> GradeAll(const spec::Spec& spec_as_written, const GradeOptions& options,
                                   const std::vector<std::filesystem::path>& submissions,
                                   const OnGraded& on_graded) {
  // Nothing of the grading is left in the temporary directory once it returns, the empty
  // mount points kept from copy to copy included.
  struct ReleaseRoots {
    ~ReleaseRoots() { sandbox::ReleaseKeptCopyRoots(); }
  } release_roots;
  // The messages the spec draws from the seed, drawn for this run's (--seed replays them).
  const spec::Spec drawn = spec::DrawMessages(spec_as_written, options.run.seed);
  const spec::Spec& spec = drawn;
  // Without namespaces of their own the programs use this machine's fixed port. Another
  // netgrade run on this computer may grade on the same port meanwhile (a classmate on a lab
  // machine, another test): the runs take it in turns (sandbox/port_lock.h). Once this run's
  // turn has come, a port still held by another program (the student's own server from an
  // earlier try, still running) would fail every case with "Address already in use": said
  // once, before any case, naming the holder.
  std::optional<sandbox::PortLocks> port_locks;
  if (!submissions.empty() && SharedNetwork(options.run)) {
    const std::chrono::milliseconds bound = PortTurnBound();
    port_locks = sandbox::PortLocks::Take(FixedPorts(spec), bound, [bound](uint16_t port) {
      fmt::print(stderr,
                 "netgrade: another netgrade run on this computer grades a program on port {} "
                 "(without a network of their own, programs on a fixed port share this "
                 "computer's): waiting for it to finish, at most {} s\n",
                 port, (bound.count() + 999) / 1000);
    });
    if (std::string taken = observe::FixedPortTaken(spec, options.roles); !taken.empty())
      throw UsageError(taken);
  }
  std::vector<GradeOutcome> out(submissions.size());
  std::vector<std::unique_ptr<Prepared>> prepared(submissions.size());
  // Probed here, before any thread starts (see DescribeSandbox); the same for every case.
  const check::Sandbox sandbox = DescribeSandbox(options.run);
  // The submission's outcome once its last case has run: totals, then on_graded.
  auto finish = [&](size_t s) {
    check::GradeResult& r = prepared[s]->result;
    r.sandbox = sandbox;
    for (const check::CaseResult& c : r.cases) {
      r.score += c.score;
      r.max_score += c.max_score;
    }
    out[s].result = std::move(r);
    if (on_graded) on_graded(s, out[s]);
  };
  // Every case of every submission in one queue, so --jobs fills all its slots. A submission
  // is prepared (copied, checked and built) only when a worker finds no case ready to run
  // before it, and its copy removed after its last case: a class of hundreds holds about
  // `jobs` copies at a time, and the first results come while the last submissions are still
  // untouched. Preparing runs outside the lock: a build (`make`) takes seconds, and the other
  // workers meanwhile run the cases of the submissions before it or prepare the next ones, so
  // at most `jobs` builds run at once instead of one after the other.
  enum class State { kWaiting, kPreparing, kReady };
  std::vector<State> state(submissions.size(), State::kWaiting);
  std::vector<size_t> next_case(submissions.size(), 0);
  std::mutex queue_mutex;
  std::condition_variable prepared_one;  // a submission left kPreparing (or a worker failed)
  size_t first_open = 0;                 // submissions before it have handed out every case
  std::atomic<bool> stop{false};         // a worker failed: the others take no more work
  // Prepares submission i without the lock held; its outcome is recorded under it.
  auto prepare = [&](size_t i, std::unique_lock<std::mutex>& lock) {
    state[i] = State::kPreparing;
    lock.unlock();
    std::unique_ptr<Prepared> ready;
    std::string layout_error;
    try {
      ready = Prepare(spec, options, submissions[i]);
    } catch (const plan::MissingToolchain&) {
      // The grading machine's problem, for whoever runs it (exit 2): every submission in
      // that language would fail alike, so the run stops here.
      lock.lock();
      stop = true;
      state[i] = State::kReady;
      prepared_one.notify_all();
      throw;
    } catch (const UsageError& e) {
      layout_error = e.what();
    } catch (...) {
      lock.lock();
      stop = true;
      state[i] = State::kReady;
      prepared_one.notify_all();
      throw;
    }
    lock.lock();
    state[i] = State::kReady;
    prepared_one.notify_all();
    if (!ready) {
      out[i].layout_error = layout_error;
      check::GradeResult& r = out[i].result;
      r.exercise = spec.exercise;
      r.spec_file = spec.file;
      r.submission = submissions[i].string();
      r.seed = options.run.seed;
      // Nothing graded, out of the points its cases would have had: a class's report
      // and gradebook count it as 0 of them, not 0 of 0.
      for (const spec::Case& c : spec.cases)
        if ((options.cases.empty() || options.cases.count(c.name)) &&
            (options.roles.empty() || options.roles.count(c.role)))
          r.max_score += c.points;
      if (on_graded) on_graded(i, out[i]);
      return;
    }
    prepared[i] = std::move(ready);
    if (prepared[i]->todo.empty()) finish(i);
  };
  // The next (submission, case) to run, in the submissions' order among those prepared;
  // false when there is none left.
  auto take = [&](size_t* s, size_t* c) {
    std::unique_lock<std::mutex> lock(queue_mutex);
    while (!stop) {
      auto exhausted = [&](size_t i) {
        return state[i] == State::kReady &&
               (!prepared[i] || next_case[i] >= prepared[i]->todo.size());
      };
      while (first_open < submissions.size() && exhausted(first_open)) ++first_open;
      bool preparing = false;
      bool prepared_now = false;
      for (size_t i = first_open; i < submissions.size() && !prepared_now; ++i) {
        if (state[i] == State::kPreparing) {
          preparing = true;
        } else if (state[i] == State::kWaiting) {
          prepare(i, lock);
          prepared_now = true;  // the queue may have changed while unlocked: look again
        } else if (!exhausted(i)) {
          *s = i;
          *c = next_case[i]++;
          return true;
        }
      }
      if (prepared_now) continue;
      if (!preparing) return false;
      prepared_one.wait(lock);  // only cases of submissions another worker still prepares
    }
    return false;
  };
  const int threads = ParallelJobs(spec, options.jobs);
  // On this machine's own network, cases that run at once share its ports: a program that
  // binds a port written in its code (the textbook's 12000, ignoring its argument) finds it
  // taken by the same program in another case. Such a case is graded again alone, with no
  // other case running, and that grading is its verdict.
  const bool shared_network = threads > 1 && SharedNetwork(options.run);
  std::shared_mutex alone;
  auto run_one = [&](Prepared& p, size_t c) {
    check::CaseResult r;
    {
      std::shared_lock<std::shared_mutex> others(alone);
      r = RunOne(spec, options, p, *p.todo[c]);
    }
    if (shared_network && PortTakenByAnotherCase(r)) {
      std::unique_lock<std::shared_mutex> only(alone);
      r = RunOne(spec, options, p, *p.todo[c]);
    }
    return r;
  };
  RunInParallel(static_cast<size_t>(threads), threads, [&](size_t) {
    try {
      for (size_t s, c; take(&s, &c);) {
        Prepared& p = *prepared[s];
        p.result.cases[c] = run_one(p, c);
        if (--p.unfinished == 0) {
          p.checked.reset();
          finish(s);
        }
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(queue_mutex);
      stop = true;
      prepared_one.notify_all();
      throw;
    }
  });
  return out;
}

check::GradeResult Grade(const spec::Spec& spec, const GradeOptions& options) {
  std::vector<GradeOutcome> out = GradeAll(spec, options, {options.submission});
  if (!out[0].layout_error.empty()) throw UsageError(out[0].layout_error);
  return std::move(out[0].result);
}

}  // namespace netgrade::run
