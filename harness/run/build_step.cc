#include "harness/run/build_step.h"

#include <fmt/core.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>

#include "harness/base/event_loop.h"
#include "harness/base/text.h"
#include "harness/base/which.h"
#include "harness/check/say.h"
#include "harness/run/cap_watch.h"
#include "harness/run/contain.h"
#include "harness/run/first_error.h"
#include "harness/run/go_std_cache.h"
#include "harness/sandbox/case_network.h"
#include "harness/sandbox/case_user.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/copy_space.h"
#include "harness/sandbox/process.h"
#include "harness/sandbox/spawn.h"

namespace netgrade::run {
namespace fs = std::filesystem;
namespace {

constexpr size_t kLineChars = 200;

std::string ShowLine(std::string_view line) {
  bool cut = false;
  std::string shown = EscapeText(TrimRight(Demangled(line)), kLineChars, &cut);
  return "    " + shown + (cut ? "..." : "") + "\n";
}

// "make" or "g++ -o server server.cpp" as the message quotes it.
std::string Quoted(const spec::Build& build) { return Quote(build.command, 80); }

// A failed build's message: what became of it (`stopped_ms`: stopped at its time limit, of
// that many ms), and the first error it printed (the compiler writes its errors on stderr,
// make its commands on stdout: the error is looked for in stderr first, then in both), else
// the end of what it printed.
check::Finding FailureMessage(const sandbox::Process& process, const std::string& quoted,
                              double stopped_ms, const std::string& toolchain) {
  const sandbox::ExitInfo& exit = process.exit_info();
  // Each its own mistake: said with check::Say, so that the cause's shape tells them apart.
  check::Phrase what;
  if (stopped_ms > 0)
    what = check::Say("did not finish within {:g} s and was stopped", stopped_ms / 1000.0);
  else if (exit.signal != 0)
    what = check::Say("was killed by signal {} ({})", exit.signal, strsignal(exit.signal));
  else
    what = check::Say("failed with exit status {}", exit.status);
  std::string text = process.stderr_text();
  if (FirstErrorLine(SplitLines(text)) == SplitLines(text).size())
    text = process.stdout_text() + process.stderr_text();
  std::vector<std::string> lines = SplitLines(text);
  const bool has_error = FirstErrorLine(lines) < lines.size();
  std::string shown = CutBuildOutput(text);
  std::string with = toolchain.empty() ? "" : " with " + toolchain;
  check::Phrase link = has_error ? LinkFailure(lines, FirstErrorLine(lines)) : "";
  while (!shown.empty() && shown.back() == '\n') shown.pop_back();
  check::Finding said{
      .cause = link.empty()
                   ? check::Say("The build ({}){} {}, so no case could run{}.", quoted, with, what,
                                has_error ? ": fix the first error and build again" : "")
                   : check::Say("The build ({}){} {}, so no case could run: {}", quoted, with, what,
                                link),
      .evidence = shown.empty() ? "It printed nothing."
                                : (has_error ? "\n  The first error it printed:\n"
                                             : "\n  The end of what it printed:\n") +
                                      shown};
  return said;
}

}  // namespace

std::vector<std::string> BuildArgv(const std::string& command) {
  // Anything the shell would read differently from plain words goes to the shell.
  if (command.find_first_of("\"'`\\$&|;<>(){}*?[]~#=\n") != std::string::npos)
    return {"/bin/sh", "-c", command};
  std::vector<std::string> argv;
  std::istringstream words(command);
  for (std::string w; words >> w;) argv.push_back(w);
  return argv;
}

std::string CutBuildOutput(std::string_view output, size_t max_lines, size_t context) {
  std::vector<std::string> lines = SplitLines(output);
  while (!lines.empty() && TrimRight(lines.back()).empty()) lines.pop_back();
  if (lines.empty() || max_lines == 0) return "";
  size_t error = FirstErrorLine(lines);
  size_t first = error < lines.size() ? QuoteStart(lines, error, std::min(context, max_lines - 1))
                                      : lines.size() - std::min(lines.size(), max_lines);
  size_t end = std::min(lines.size(), first + max_lines);
  std::string out;
  for (size_t i = first; i < end; ++i) out += ShowLine(lines[i]);
  if (end < lines.size()) out += fmt::format("    ... ({} more lines)\n", lines.size() - end);
  return out;
}

BuildOutcome RunBuild(const spec::Build& build, const fs::path& dir, const RunOptions& options) {
  return RunBuildCommand(BuildArgv(build.command), {}, build, dir, options);
}

BuildOutcome RunBuildCommand(std::vector<std::string> argv, const std::vector<std::string>& env,
                             const spec::Build& build, const fs::path& dir,
                             const RunOptions& options, const BuildTools& tools) {
  using Kind = BuildOutcome::Kind;
  if (argv.empty()) return {Kind::kGraderError, "the spec's build command is empty"};
  // The command is the instructor's, so a missing one is the grading machine's problem.
  std::string exe = ResolveExecutable(argv[0]);
  if (::access(exe.c_str(), X_OK) != 0)
    return {Kind::kGraderError,
            fmt::format("the build command {} cannot be run: '{}' is not installed on the "
                        "grading machine",
                        Quoted(build), argv[0])};
  // In its folder's real path: the jail binds the system's folders, not the links to them
  // (/bin -> usr/bin). The name stays: clang++, a link to clang, compiles C++ by its name.
  std::error_code ec;
  fs::path folder = fs::canonical(fs::path(exe).parent_path(), ec);
  argv[0] = ec ? exe : (folder / fs::path(exe).filename()).string();

  const double limit_ms = build.timeout_ms * options.timeout_multiplier;
  EventLoop loop;
  // A network of its own (nothing to reach) and the case's containment: the Makefile is the
  // student's code.
  sandbox::CaseNetwork network(options.isolate, false);
  sandbox::NetNamespace::Scope in_build(network.student());
  sandbox::SpawnOptions so;
  so.argv = argv;
  so.cwd = dir.string();
  so.env = sandbox::StudentEnvironment(so.cwd);
  so.read_only = tools.read_only;
  so.stdout_tty = false;  // no colours, and make's output in order with the compiler's
  so.limits = options.limits;
  so.limits.cpu_seconds = std::max(1, static_cast<int>(std::ceil(limit_ms / 1000.0)) + 1);
  // The cgroup outlives the process: its Kill() uses it.
  std::unique_ptr<sandbox::CaseCgroup> cgroup = ContainStudentCode(options, network, &so);
  // "{tmp}" in the build's variables (Go's and Cargo's caches) is its own temporary folder:
  // the jail's private /tmp, else the one Landlock lets it write, else one made for it here
  // (never the machine's /tmp, where one student's build could leave a cache for another's).
  std::string tmp = so.contain ? "/tmp" : so.own_tmp;
  fs::path made_tmp;
  if (tmp.empty() && !env.empty()) {
    made_tmp = dir / ".netgrade-build-tmp";
    fs::create_directories(made_tmp);
    tmp = made_tmp.string();
  }
  for (std::string variable : env) {
    for (size_t at; (at = variable.find("{tmp}")) != std::string::npos;)
      variable.replace(at, 5, tmp);
    so.env.push_back(variable);
  }
  std::unique_ptr<sandbox::Process> process = sandbox::Process::Start(so, loop);
  // What it writes, as a case's program (run/cap_watch.h): on the disk, stopped past it.
  CapWatch::Setup watch;
  watch.loop = &loop;
  watch.workdir = dir.string();
  watch.over_disk = [&] {
    if (!sandbox::CopyIsBounded(dir.string())) process->Kill();
  };
  CapWatch caps(std::move(watch));
  auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(limit_ms));
  bool finished = loop.RunUntil([&] { return process->finished(); }, deadline);
  if (!finished) process->Kill();
  process->DrainOutput();
  if (!made_tmp.empty()) fs::remove_all(made_tmp, ec);  // not copied into the cases
  caps.LookAtDisk();
  if (caps.disk_hit())
    return {
        Kind::kFailed,
        fmt::format("The build ({}) wrote more in the submission's folder than netgrade "
                    "allows ({} MiB, or {} files and folders), so no case could run.",
                    Quoted(build), sandbox::kCaseWrites.bytes >> 20, sandbox::kCaseWrites.entries)};
  const sandbox::ExitInfo& exit = process->exit_info();
  if (exit.exec_errno != 0)
    return {Kind::kGraderError, fmt::format("the build command {} could not be started: {}",
                                            Quoted(build), strerror(exit.exec_errno))};
  if (finished && exit.exited && exit.signal == 0 && exit.status == 0) return {Kind::kBuilt, ""};

  check::Finding said =
      FailureMessage(*process, Quoted(build), finished ? 0 : limit_ms, tools.toolchain);
  return {Kind::kFailed, said.Text(), said};
}

namespace {

// `build` (one command, or each program's) in the checked copy, as a user of the build's own
// when root (who then owns the copy); the sandbox's own failure is kGraderError.
BuildOutcome InCopy(sandbox::WorkCopy& copy, const RunOptions& options,
                    const std::function<BuildOutcome(const RunOptions&)>& build) {
  try {
    RunOptions run = options;
    std::string why;
    std::optional<sandbox::CaseUser> user;
    if (::geteuid() == 0) user = sandbox::CaseUser::Claim(&why);
    if (user) run.student_uid = run.student_gid = static_cast<int>(user->uid());
    if (::geteuid() == 0) copy.GiveTo(run.student_uid, run.student_gid);
    return build(run);
  } catch (const std::exception& e) {
    return {BuildOutcome::Kind::kGraderError,
            fmt::format("the build step failed to run: {}", e.what())};
  }
}

// "javac -d . TCPServer.java" as a message shows a source's build: the tool's name, not its
// path, and its words (the JVM's flags left out).
std::string Shown(const std::vector<std::string>& argv) {
  std::string shown = fs::path(argv[0]).filename().string();
  for (size_t i = 1; i < argv.size(); ++i)
    if (argv[i].rfind("-J", 0) != 0) shown += " " + argv[i];
  return shown;
}

}  // namespace

BuildOutcome BuildCopy(const spec::Build& build, sandbox::WorkCopy& copy,
                       const RunOptions& options) {
  return InCopy(copy, options,
                [&](const RunOptions& run) { return RunBuild(build, copy.dir(), run); });
}

BuildOutcome BuildSources(const std::vector<const plan::Program*>& programs,
                          sandbox::WorkCopy& copy, const RunOptions& options) {
  return InCopy(copy, options, [&](const RunOptions& run) {
    std::vector<std::vector<std::string>> done;
    for (const plan::Program* program : programs) {
      const std::vector<std::string>& argv = program->build_argv;
      // Java's one javac for every class, once for the server and the client.
      if (argv.empty() || std::find(done.begin(), done.end(), argv) != done.end()) continue;
      done.push_back(argv);
      spec::Build build;
      build.command = Shown(argv);
      SourceBuild source(*program, copy.dir(), run);
      BuildOutcome outcome = RunBuildCommand(argv, source.env(), build, copy.dir(), run,
                                             {source.read_only(), program->toolchain});
      if (outcome.kind != BuildOutcome::Kind::kBuilt) return outcome;
    }
    return BuildOutcome{};
  });
}

}  // namespace netgrade::run
