// netgrade check SPEC --submission DIR [--role R]... [--format FORMAT] [--seed N]
//                [--color auto|always|never] [--watch] [--pcap DIR [--pcap-max MIB]]
// (FORMAT: report::FormatNames())
#include <fmt/chrono.h>
#include <fmt/core.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/base/file_watch.h"
#include "harness/base/text.h"
#include "harness/cli/command.h"
#include "harness/cli/exit_status.h"
#include "harness/cli/spec_arg.h"
#include "harness/report/report.h"
#include "harness/report/style.h"
#include "harness/run/grade.h"

namespace netgrade::cli {
namespace {

struct CheckArgs {
  std::string spec_path;
  std::vector<std::string> submissions;
  int jobs = 1;
  std::vector<std::string> roles;
  std::vector<std::string> programs;
  std::vector<std::string> cases;
  std::string format = "text";
  uint64_t seed = 1;
  bool verbose = false;
  std::string color = "auto";
  bool watch = false;
  std::string pcap;  // --pcap DIR
  size_t pcap_max_mib = 16;
};

std::map<std::string, std::string> ParsePrograms(const std::vector<std::string>& items) {
  std::map<std::string, std::string> out;
  for (const std::string& item : items) {
    size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      throw UsageError(fmt::format("--program {}: expected ROLE=PATH", item));
    out[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return out;
}

// A submission that could not be graded is still named in a report: its exercise, spec,
// folder and seed.
void NameUngraded(const spec::Spec& spec, const CheckArgs& args, const run::GradeOptions& options,
                  size_t i, run::GradeOutcome* outcome) {
  outcome->result.exercise = spec.exercise;
  outcome->result.spec_file = spec.file;
  outcome->result.submission = args.submissions[i];
  outcome->result.seed = options.run.seed;
}

// --pcap DIR, made when missing and writable by the grader: the folder's absolute path.
std::filesystem::path PrepareCaptureDir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (!std::filesystem::is_directory(dir) || ::access(dir.c_str(), W_OK | X_OK) != 0)
    throw UsageError(fmt::format("--pcap {}: not a folder netgrade can write to", Visible(dir)));
  return std::filesystem::absolute(dir).lexically_normal();
}

// What --pcap wrote, for stderr: where, or why nothing (said once, not once a case).
std::string CapturesWritten(const std::vector<run::GradeOutcome>& outcomes,
                            const std::filesystem::path& dir) {
  size_t files = 0;
  std::string missing;
  for (const run::GradeOutcome& o : outcomes)
    for (const check::CaseResult& c : o.result.cases)
      if (c.capture && !c.capture->file.empty())
        ++files;
      else if (c.capture && missing.empty())
        missing = c.capture->missing;
  std::string out;
  if (files > 0)
    out = fmt::format("netgrade: {} capture{} of the cases' packets in {} (Wireshark opens them)\n",
                      files, files == 1 ? "" : "s", Visible(dir.string()));
  if (!missing.empty()) out += fmt::format("netgrade: --pcap: no capture: {}\n", Visible(missing));
  return out;
}

// `graded` is called once the cases have run, before the report is printed.
int RunCheck(const CheckArgs& args, const std::function<void()>& graded = [] {}) {
  spec::Spec spec = LoadSpecOrThrow(args.spec_path);
  run::GradeOptions options;
  options.jobs = args.jobs;
  options.roles = {args.roles.begin(), args.roles.end()};
  options.cases = {args.cases.begin(), args.cases.end()};
  options.programs = ParsePrograms(args.programs);
  options.run.seed = args.seed;
  options.run.timeout_multiplier = TimeoutMultiplierFromEnv();
  if (!args.pcap.empty()) {
    options.capture_dir = PrepareCaptureDir(args.pcap);
    options.capture_per_submission = args.submissions.size() > 1;
    options.run.capture_max_bytes = args.pcap_max_mib << 20;
  }
  for (const std::string& c : args.cases)
    if (std::none_of(spec.cases.begin(), spec.cases.end(),
                     [&](const spec::Case& k) { return k.name == c; }))
      throw UsageError(fmt::format("--case {}: {} has no such case", c, args.spec_path));
  report::Format format = report::ParseFormat(args.format).value_or(report::Format::kText);
  report::TextOptions text;
  text.verbose = args.verbose;
  text.color =
      report::WantColorHere(report::ParseColorMode(args.color).value_or(report::ColorMode::kAuto));
  text.rerun.program = report::RerunProgram(InvokedAs());
  text.rerun.absolute_paths = true;
  // Each program's path from the cwd as the others are: the command runs from anywhere.
  for (const auto& [role, path] : options.programs)
    text.rerun.options.insert(
        text.rerun.options.end(),
        {"--program", role + "=" + std::filesystem::absolute(path).lexically_normal().string()});
  // Probed before any thread starts (a user namespace can only be made then); said once.
  check::Sandbox sandbox = run::DescribeSandbox(options.run);
  bool one_at_a_time = args.jobs > 1 && run::ParallelJobs(spec, args.jobs) == 1;
  fmt::print(stderr, "{}",
             args.verbose ? run::ContainmentLine(sandbox, one_at_a_time)
                          : run::ContainmentSentence(sandbox, spec, one_at_a_time));
  // Every case of every submission in one queue: --jobs runs cases of several at once.
  std::vector<std::filesystem::path> dirs(args.submissions.begin(), args.submissions.end());
  std::vector<run::GradeOutcome> outcomes = run::GradeAll(spec, options, dirs);
  graded();
  if (!args.pcap.empty()) fmt::print(stderr, "{}", CapturesWritten(outcomes, options.capture_dir));
  if (outcomes.size() == 1) {
    if (!outcomes[0].layout_error.empty()) {
      // Gradescope shows a student only results.json: it says why nothing was graded.
      if (format == report::Format::kGradescope) {
        NameUngraded(spec, args, options, 0, &outcomes[0]);
        fmt::print("{}", report::GradescopeLayoutError(outcomes[0]));
      }
      // A GitHub job shows its annotations and step summary, not only its log.
      if (format == report::Format::kGithub) {
        fmt::print("{}", report::GithubLayoutError(outcomes[0]));
        report::AppendGithubStepSummary(outcomes);
      }
      // A layout error may quote the folder's file names: no escape sequence reaches stderr.
      throw UsageError(Visible(outcomes[0].layout_error));
    }
    const check::GradeResult& result = outcomes[0].result;
    fmt::print("{}", format == report::Format::kText ? report::Text(result, text)
                                                     : report::Write(result, format, text.rerun));
    if (format == report::Format::kGithub) report::AppendGithubStepSummary(outcomes);
    Tally tally;
    tally.Add(result.grader_error(), !result.all_passed(), result.not_run() > 0);
    if (tally.grader_error)
      fmt::print(stderr, "{}", check::GraderErrorSummary(result));
    else if (!tally.failed)  // every graded case passed, but the grading may not be whole
      fmt::print(stderr, "{}", check::NotRunSummary(result));
    return tally.Status();
  }
  // Several submissions (a class): one report that names every submission, also one that
  // could not be graded (its error is on stderr as well).
  Tally tally;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    check::GradeResult& result = outcomes[i].result;
    if (!outcomes[i].layout_error.empty()) {
      fmt::print(stderr, "netgrade: {}: {}\n", Visible(args.submissions[i]),
                 Visible(outcomes[i].layout_error));
      NameUngraded(spec, args, options, i, &outcomes[i]);
      tally.Add(false, true, false);
      continue;
    }
    tally.Add(result.grader_error(), !result.all_passed(), result.not_run() > 0);
    fmt::print(stderr, "{}", check::GraderErrorSummary(result, args.submissions[i]));
    fmt::print(stderr, "{}", check::NotRunSummary(result, args.submissions[i]));
  }
  fmt::print("{}", format == report::Format::kText ? report::TextClass(outcomes, text)
                                                   : report::WriteClass(outcomes, format));
  if (format == report::Format::kGithub) report::AppendGithubStepSummary(outcomes);
  return tally.Status();
}

// The line between two reports of --watch: the time and what changed.
std::string WatchSeparator(const std::vector<std::filesystem::path>& changed) {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  std::string what =
      changed.empty() ? std::string("a file") : Visible(changed.front().filename().string());
  if (changed.size() > 1) what += fmt::format(" and {} more", changed.size() - 1);
  return fmt::format("\n──── {:%H:%M:%S} {} changed: checking again ────\n\n", local, what);
}

// --watch: the report, then again after each change to a file of the submission folder(s),
// until Ctrl-C, which ends it with status 0. Nothing is cleared: the reports follow one another.
// SIGINT is blocked (and read from a signalfd) from the end of each grading to the start of the
// next, so a Ctrl-C while the report is printed or while waiting ends the loop cleanly; during
// a grading it stops netgrade as it does without --watch (nothing it started is left behind).
int RunWatch(const CheckArgs& args) {
  std::vector<std::filesystem::path> dirs(args.submissions.begin(), args.submissions.end());
  for (const auto& dir : dirs)
    if (!std::filesystem::is_directory(dir))
      throw UsageError(fmt::format("--watch: {} is not a folder", Visible(dir.string())));
  FileWatch watch(dirs);  // before the first run: a file saved during it counts
  sigset_t interrupt;
  sigemptyset(&interrupt);
  sigaddset(&interrupt, SIGINT);
  Fd signals(CheckSys(::signalfd(-1, &interrupt, SFD_CLOEXEC | SFD_NONBLOCK), "signalfd"));
  // Started in the background by a shell, SIGINT is ignored, and an ignored signal never
  // reaches the signalfd: --watch asks to be stopped by it.
  struct sigaction old{};
  if (::sigaction(SIGINT, nullptr, &old) == 0 && old.sa_handler == SIG_IGN)
    ::signal(SIGINT, SIG_DFL);
  auto block = [&] { ::pthread_sigmask(SIG_BLOCK, &interrupt, nullptr); };
  for (;;) {
    ::pthread_sigmask(SIG_UNBLOCK, &interrupt, nullptr);
    try {
      RunCheck(args, block);
    } catch (const UsageError& e) {  // a layout error: the student is fixing it, keep watching
      block();
      fmt::print(stderr, "netgrade: error: {}\n", e.what());
    }
    block();
    std::fflush(stdout);
    fmt::print(stderr, "Watching {} for changes (Ctrl-C to stop)...\n",
               dirs.size() == 1 ? Visible(dirs[0].string()) : "the submission folders");
    // 200 ms without a change ends an editor's burst of writes; 2 s bounds a steady stream.
    std::optional<std::vector<std::filesystem::path>> changed = watch.WaitForChange(
        std::chrono::milliseconds(200), std::chrono::milliseconds(2000), signals.get());
    if (!changed) return kExitPassed;
    fmt::print("{}", WatchSeparator(*changed));
    std::fflush(stdout);
  }
}

}  // namespace

Command AddCheckCommand(CLI::App& root) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* app = root.add_subcommand("check", "Grade a submission against an exercise's spec");
  app->add_option("spec", args->spec_path, "The exercise's spec, e.g. specs/tcp-capitalize.yaml")
      ->required();
  app->add_option("--submission,-s", args->submissions,
                  "The submission directory (repeatable: a class)")
      ->required();
  app->add_option("--jobs,-j", args->jobs, "Cases run at once (each in its own network namespace)")
      ->check(CLI::Range(1, 64));
  app->add_option("--role,-r", args->roles, "Grade only this role (repeatable)");
  app->add_option("--case,-c", args->cases, "Run only this case (repeatable)");
  app->add_option("--program,-p", args->programs,
                  "ROLE=PATH: the program for a role, named outright");
  app->add_option("--format,-f", args->format,
                  "text (default), json, junit, gradescope, tap, github or html")
      ->check(CLI::IsMember(report::FormatNames()));
  app->add_option("--seed", args->seed,
                  "Seed of the fault plans; the report shows it, --seed replays it");
  app->add_flag("--verbose,-v", args->verbose, "Show the transcript of passing cases too");
  app->add_option("--color", args->color,
                  "auto (default: colour when stdout is a terminal and NO_COLOR is not set), "
                  "always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  CLI::Option* pcap =
      app->add_option(
             "--pcap", args->pcap,
             "Write each case's packets to DIR/CASE.pcapng (Wireshark opens them), with what "
             "the fault plan did to them")
          ->type_name("DIR");
  AddPcapMax(app, &args->pcap_max_mib, pcap);
  app->add_flag("--watch,-w", args->watch,
                "After the report, check again each time a file of the submission changes "
                "(Ctrl-C to stop)");
  return {app, [args] { return args->watch ? RunWatch(*args) : RunCheck(*args); }};
}

}  // namespace netgrade::cli
