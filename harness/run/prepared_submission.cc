#include "harness/run/prepared_submission.h"

#include <fmt/core.h>

#include <algorithm>
#include <stdexcept>

#include "harness/base/error.h"
#include "harness/base/text.h"
#include "harness/plan/role_guess.h"
#include "harness/run/build_step.h"
#include "harness/run/spec_files.h"

namespace netgrade::run {
namespace fs = std::filesystem;
namespace {

// Every role --role and --program name is one of the spec's; else a UsageError.
void CheckRoleNames(const spec::Spec& spec, const GradeOptions& options) {
  std::string known;
  for (const spec::Role& role : spec.roles) known += (known.empty() ? "" : ", ") + role.name;
  for (const std::string& r : options.roles)
    if (!spec.FindRole(r))
      throw ShapedLayoutError(
          check::Say("--role {}: {} has no such role (it has {})", r, spec.file, known));
  for (const auto& [r, path] : options.programs)
    if (!spec.FindRole(r))
      throw ShapedLayoutError(check::Say("--program {}={}: {} has no role '{}' (it has {})", r,
                                         path, spec.file, r, known));
}

// The submission copied once into p.checked. What the copy refuses (a link out of the
// submission, a FIFO, an unreadable file, too much) is the student's layout error, naming the
// file; several, one a line. The grader's own failure (no temporary directory) is kept.
void CopyChecked(const fs::path& submission, PreparedSubmission& p) {
  try {
    p.checked = std::make_unique<sandbox::WorkCopy>(submission);
  } catch (const UsageError& e) {
    std::string why = e.what();
    if (why.find('\n') == std::string::npos)
      throw ShapedLayoutError(check::Say("submission '{}': {}", submission.string(), why));
    for (size_t at = 0; (at = why.find('\n', at)) != std::string::npos; at += 5)
      why.replace(at, 1, "\n  - ");
    throw ShapedLayoutError(check::Say("submission '{}' cannot be copied to be graded:\n  - {}",
                                       submission.string(), why));
  } catch (const std::exception& e) {
    p.copy_failure = e.what();
  }
}

// Runs the spec's build step in the checked copy, recording a failed build in p.
void Build(const spec::Build& build, const RunOptions& options, PreparedSubmission& p) {
  BuildOutcome outcome = BuildCopy(build, *p.checked, options);
  if (outcome.kind == BuildOutcome::Kind::kFailed) {
    p.build_failure = outcome.said;
    p.build_failure.code = check::Code::kBuildFailed;
  }
  if (outcome.kind == BuildOutcome::Kind::kGraderError) p.build_error = outcome.message;
}

// Finds the program of each chosen role in the copy (p.programs). A role asked for by name
// without one is a UsageError (`after_build` says what the build did not make); the other
// roles without one are returned: their cases fail with missing_program.
std::vector<std::string> FindPrograms(const spec::Spec& spec, const GradeOptions& options,
                                      const fs::path& submission, const std::string& after_build,
                                      PreparedSubmission& p) {
  const fs::path folder = p.folder();
  // --program naming a file at the top of the submission: that file in the checked copy
  // (source code is built there, as found source code is; Relocate maps one deeper).
  std::map<std::string, std::string> given = options.programs;
  std::error_code ec;
  const fs::path top = fs::weakly_canonical(fs::absolute(submission), ec);
  for (auto& [role, path] : given) {
    fs::path rel = fs::weakly_canonical(fs::absolute(path), ec).lexically_relative(top);
    if (p.checked && !ec && !rel.empty() && rel == rel.filename() && rel != "..")
      path = (folder / rel).string();
  }
  std::vector<std::string> missing;
  for (const spec::Role& role : spec.roles) {
    bool asked = options.roles.count(role.name) > 0;
    if (!options.roles.empty() && !asked) continue;
    if (auto program = plan::FindProgram(folder, role, given, !spec.build)) {
      // --program naming a file of the submission: that file in the checked copy.
      if (p.checked) *program = p.checked->Relocate(*program, submission);
      p.programs.emplace(role.name, *program);
    } else if (asked) {
      throw ShapedLayoutError(
          check::Say("no program for role '{}' in {} (looked for {}).{}{}", role.name.c_str(),
                     submission.string(), plan::DescribeCandidates(role), after_build,
                     plan::NearMisses(folder, role, spec.roles, plan::SpecFileNames(spec))));
    } else {
      missing.push_back(role.name);
    }
  }
  return missing;
}

// Source code found for a role (server.c, TCPServer.java): built once, in the checked copy,
// before any case; a failed build is the submission's, as the spec's own build step's.
// Each role's cases fail with its own program's build: a C client that does not compile
// leaves the Python server's cases to run. Java's one javac for both is run once.
void BuildRoleSources(const RunOptions& run, PreparedSubmission& p) {
  std::map<std::vector<std::string>, BuildOutcome> builds;
  for (const auto& [role, program] : p.programs) {
    if (program.build_argv.empty() || !p.checked) continue;
    auto built = builds.find(program.build_argv);
    if (built == builds.end())
      built = builds.emplace(program.build_argv, BuildSources({&program}, *p.checked, run)).first;
    if (built->second.kind == BuildOutcome::Kind::kFailed) {
      p.role_build_failure[role] = built->second.said;
      p.role_build_failure[role].code = check::Code::kCompileError;
    }
    if (built->second.kind == BuildOutcome::Kind::kGraderError)
      p.build_error = built->second.message;
  }
}

// No chosen role has a program: a UsageError saying where each was looked for.
[[noreturn]] void NoProgramForAnyRole(const spec::Spec& spec, const GradeOptions& options,
                                      const fs::path& submission, const std::string& after_build,
                                      const fs::path& folder) {
  std::string why;
  for (const spec::Role& role : spec.roles)
    if (options.roles.empty() || options.roles.count(role.name))
      why += fmt::format("\n  {}: looked for {}.{}{}", role.name, plan::DescribeCandidates(role),
                         after_build,
                         plan::NearMisses(folder, role, spec.roles, plan::SpecFileNames(spec)));
  throw ShapedLayoutError(check::Say("no program for any role of {} in {}:{}", spec.exercise,
                                     submission.string(), why));
}

// The cases to run, each with a result slot: those chosen whose role has a program, or whose
// program is missing (missing_program), or all chosen when the build failed (build_failed).
void ChooseCases(const spec::Spec& spec, const GradeOptions& options,
                 const std::vector<std::string>& missing, bool unbuilt, PreparedSubmission& p) {
  p.result.exercise = spec.exercise;
  p.result.spec_file = spec.file;
  p.result.submission = p.submission.string();
  p.result.seed = options.run.seed;
  for (const spec::Case& test : spec.cases) {
    if (!options.cases.empty() && !options.cases.count(test.name)) continue;
    bool is_missing = std::find(missing.begin(), missing.end(), test.role) != missing.end();
    bool chosen = options.roles.empty() || options.roles.count(test.role);
    if (p.programs.count(test.role) || is_missing || (unbuilt && chosen)) p.todo.push_back(&test);
  }
  p.result.cases.resize(p.todo.size());
  p.unfinished = p.todo.size();
  if (p.todo.empty() && !options.keep_copy) p.checked.reset();
}

}  // namespace

std::unique_ptr<PreparedSubmission> PrepareSubmission(const spec::Spec& spec,
                                                      const GradeOptions& options,
                                                      const fs::path& submission) {
  if (!fs::is_directory(submission))
    throw ShapedLayoutError(check::Say("submission '{}' is not a directory", submission.string()));
  CheckRoleNames(spec, options);
  auto prepared = std::make_unique<PreparedSubmission>();
  PreparedSubmission& p = *prepared;
  p.submission = submission;
  CopyChecked(submission, p);
  // The spec's files (a web server's pages) before the build and the cases' copies.
  if (p.checked && !spec.files.empty() && p.copy_failure.empty())
    if (std::string failed = PutGivenFiles(spec, p.checked->dir()); !failed.empty()) {
      p.checked.reset();
      p.copy_failure = failed;
    }
  if (spec.build && p.checked) Build(*spec.build, options.run, p);
  const bool unbuilt = !p.build_failure.ok() || !p.build_error.empty();
  // After a build that succeeded, a missing program is one its Makefile did not make.
  const std::string after_build =
      spec.build && p.checked
          ? fmt::format(" The build ({}) made none of them.", Quote(spec.build->command, 80))
          : "";
  // After a failed build every case fails with the build's outcome: no program is looked for.
  std::vector<std::string> missing;
  if (!unbuilt) missing = FindPrograms(spec, options, submission, after_build, p);
  BuildRoleSources(options.run, p);
  if (p.programs.empty() && !unbuilt)
    NoProgramForAnyRole(spec, options, submission, after_build, p.folder());
  ChooseCases(spec, options, missing, unbuilt, p);
  return prepared;
}

}  // namespace netgrade::run
