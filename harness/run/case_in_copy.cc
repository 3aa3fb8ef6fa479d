#include "harness/run/case_in_copy.h"

#include <fmt/core.h>
#include <unistd.h>

#include <memory>
#include <optional>
#include <stdexcept>

#include "harness/base/error.h"
#include "harness/base/text.h"
#include "harness/plan/role_guess.h"
#include "harness/run/case_runner.h"
#include "harness/run/fixed_ports.h"
#include "harness/run/own_network.h"
#include "harness/run/peer_programs.h"
#include "harness/run/spec_files.h"
#include "harness/sandbox/case_user.h"
#include "harness/sandbox/netns.h"
#include "harness/sandbox/work_copy.h"

namespace netgrade::run {
namespace {

// Why a case cannot run before any copy is made: the submission's build failed (the
// student's, or the grader's), its role's source did not compile, its role has no program, or
// it needs a network of its own that netgrade cannot make here (own_network.h).
std::optional<check::CaseResult> CannotRun(const spec::Spec& spec, const PreparedSubmission& p,
                                           const spec::Case& test, const RunOptions& run) {
  if (!p.build_failure.ok()) return Unrun(test, p.build_failure);
  if (!p.build_error.empty())
    return Unrun(
        test, check::Finding{.code = check::Code::kGraderProblem,
                             .cause = check::Say("The grader itself failed ({}).", p.build_error),
                             .evidence = "This is not your program's fault."});
  if (auto failed = p.role_build_failure.find(test.role); failed != p.role_build_failure.end())
    return Unrun(test, failed->second);
  if (!p.programs.count(test.role)) {
    std::vector<std::string> found;  // the roles that have a program: graded alone with --role
    for (const auto& [role, program] : p.programs) found.push_back(role);
    const spec::Role& role = *spec.FindRole(test.role);
    return Unrun(
        test, check::Code::kMissingProgram,
        // The role is the spec's, and which program is missing is the mistake: kept in the
        // words' shape (a const char*, as a literal is); what was looked for and found are
        // values.
        check::Say("There is no program for the role '{}' (looked for {}).{}{}", test.role.c_str(),
                   plan::DescribeCandidates(role),
                   plan::NearMisses(p.folder(), role, spec.roles, plan::SpecFileNames(spec)),
                   plan::OnlyRolesHint(p.folder(), role, spec.roles, found)));
  }
  if (std::string why = NotRunHere(spec, test, run); !why.empty()) {
    check::CaseResult r = NotRunResult(test, std::move(why));
    r.seed = run.seed;
    return r;
  }
  return std::nullopt;
}

// The instructor's program that plays the case's peer (spec::PeerProgram), in a copy of its
// own with a uid of its own (root only): the student's program can neither write its folder
// nor signal it.
struct PeerCopy {
  std::shared_ptr<sandbox::WorkCopy> copy;
  std::shared_ptr<std::optional<sandbox::CaseUser>> user;
};

PeerCopy PeerProgramCopy(const spec::Spec& spec, const GradeOptions& options,
                         const spec::Case& test, RunOptions* run) {
  if (!test.peer_program) return {};
  auto prepared = options.peer_programs.find(test.peer_program->folder);
  if (prepared == options.peer_programs.end())
    throw std::runtime_error("the instructor's program for the case's peer was not made ready");
  const PreparedSubmission& p = *prepared->second;
  PeerCopy out;
  out.copy = std::make_shared<sandbox::WorkCopy>(p.checked->dir());
  if (std::string failed = PutPeerProgramFiles(spec, *test.peer_program, out.copy->dir());
      !failed.empty())
    throw std::runtime_error(failed);
  RunOptions::PeerProgramRun& peer = run->peer_program.emplace();
  out.user = std::make_shared<std::optional<sandbox::CaseUser>>();
  std::string why;
  if (::geteuid() == 0) *out.user = sandbox::CaseUser::Claim(&why);
  if (*out.user) peer.uid = peer.gid = static_cast<int>((*out.user)->uid());
  if (::geteuid() == 0) out.copy->GiveTo(peer.uid, peer.gid);
  peer.program = out.copy->Relocate(p.programs.at(test.peer_program->role), p.checked->dir());
  peer.workdir = out.copy->dir().string();
  return out;
}

// Runs the case in a fresh copy of the checked one (and its own network namespace); throws
// the grader's own failures.
CaseInCopy RunInFreshCopy(const spec::Spec& spec, const GradeOptions& options,
                          const PreparedSubmission& p, const spec::Case& test) {
  if (!p.checked) throw std::runtime_error(p.copy_failure);
  // A fresh copy of the checked one: what one case's program writes, no other case sees.
  std::shared_ptr<sandbox::WorkCopy> copy;
  try {
    copy = std::make_shared<sandbox::WorkCopy>(p.checked->dir());
  } catch (const UsageError& e) {
    // The checked copy passed before the build step: what it refuses now, the build made.
    if (!spec.build) throw;
    return {Unrun(test, check::Code::kBuildFailed,
                  check::Say("The build ({}) left files netgrade cannot copy to run the cases: {}",
                             Quote(spec.build->command, 80), e.what())),
            {}};
  }
  if (std::string failed = PutCaseFiles(spec, test, copy->dir()); !failed.empty())
    throw std::runtime_error(failed);
  RunOptions run = options.run;
  if (!options.capture_dir.empty())
    run.capture_file = CaptureFile(options, p.submission, test.name).string();
  // A user of the case's own (root only); without one, the shared fallback user.
  std::string why;
  auto user = std::make_shared<std::optional<sandbox::CaseUser>>();
  if (::geteuid() == 0) *user = sandbox::CaseUser::Claim(&why);
  if (*user) run.student_uid = run.student_gid = static_cast<int>((*user)->uid());
  if (::geteuid() == 0) copy->GiveTo(run.student_uid, run.student_gid);
  plan::Program program = copy->Relocate(p.programs.at(test.role), p.checked->dir());
  PeerCopy peer = PeerProgramCopy(spec, options, test, &run);
  WaitForFixedPortsToClear(spec, run);
  CaseLeavingRemains ran = RunCaseLeavingRemains(spec, test, program, copy->dir().string(), run);
  CaseInCopy out;
  out.result = std::move(ran.result);
  out.bury = [remains = std::move(ran.remains), copy, user, peer](check::CaseResult* r) mutable {
    remains.reset();  // the program has ended: nothing writes in its copy any more
    // A copy that cannot be removed (stderr says why, for the operator) is in the results too.
    // Both copies removed, whatever the first's outcome.
    const bool left = !copy->Remove().empty();
    if (left || (peer.copy && !peer.copy->Remove().empty()))
      r->notes.push_back(
          "netgrade could not remove everything this case's program left in its folder (the "
          "grader's log says what).");
    copy.reset();
    user.reset();  // its uid may go to another case now
    peer = {};
  };
  return out;
}

CaseInCopy RunOneCase(const spec::Spec& spec, const GradeOptions& options,
                      const PreparedSubmission& p, const spec::Case& test) {
  if (std::optional<check::CaseResult> unrun = CannotRun(spec, p, test, options.run))
    return {*unrun, {}};
  try {
    return RunInFreshCopy(spec, options, p, test);
  } catch (const std::exception& e) {
    // The grader's own failure in one case (a port it could not bind, ...) is that case's
    // ERROR; the other cases are still graded.
    check::CaseResult r =
        Unrun(test, check::Code::kGraderProblem,
              check::Say("The grader itself failed in this case ({}). This is not your "
                         "program's fault.",
                         e.what()));
    r.seed = options.run.seed;
    return {r, {}};
  }
}

}  // namespace

check::CaseResult Unrun(const spec::Case& test, check::Code code, check::Phrase message) {
  // Its words were made elsewhere as one text (why it cannot run here, the grader's failure):
  // the cause, whole, with its shape where it has one.
  return Unrun(test, check::Finding{.code = code, .cause = std::move(message)});
}

check::CaseResult Unrun(const spec::Case& test, const check::Finding& said) {
  check::CaseResult r;
  r.name = test.name;
  r.role = test.role;
  r.description = test.description;
  r.visibility = test.visibility;
  r.max_score = test.points;
  r.verdict = check::VerdictOf(said.code);
  r.code = said.code;
  r.cause = said.cause;
  r.evidence = said.evidence;
  r.fix = said.fix;
  r.finding_notes = said.notes;
  r.shape = said.cause.shape();
  r.without_case_port = said.WithoutCasePort();
  r.message = check::RenderedMessage(r);  // said.Text()
  return r;
}

CaseInCopy RunInCopyLeavingRemains(const spec::Spec& spec, const GradeOptions& options,
                                   const PreparedSubmission& p, const spec::Case& test) {
  CaseInCopy out = RunOneCase(spec, options, p, test);
  if (auto program = p.programs.find(test.role); program != p.programs.end()) {
    out.result.toolchain = program->second.toolchain;
    if (!program->second.note.empty()) out.result.notes.push_back(program->second.note);
  }
  return out;
}

check::CaseResult RunInCopy(const spec::Spec& spec, const GradeOptions& options,
                            const PreparedSubmission& p, const spec::Case& test) {
  CaseInCopy out = RunInCopyLeavingRemains(spec, options, p, test);
  // The remains enter the case's namespace as they go: never on the process's first thread.
  if (out.bury) sandbox::OffTheFirstThread([&] { out.bury(&out.result); });
  return std::move(out.result);
}

check::CaseResult NotRunResult(const spec::Case& test, std::string why) {
  check::CaseResult r = Unrun(test, check::Code::kNotRunHere, std::move(why));
  r.max_score = 0;
  return r;
}

}  // namespace netgrade::run
