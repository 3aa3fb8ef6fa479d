// netgrade batch SPEC --submissions DIR --out OUT [--jobs N] [--resume] [--shard K/N] [--seed S]
// (no --seed: a new seed nobody can predict, recorded in OUT/batch.json)
//                [--format F]... [--pcap [--pcap-max MIB]]
// Grades a class: every entry of DIR is a submission; OUT gets results/<name>.json (and
// reports/<name>.<ext> per --format) as each is graded, batch.json (what graded it) first,
// grades.csv, summary.json and index.html (the class page), and junit.xml and lms-*.csv when
// asked, at the end.
#include <fmt/core.h>
#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "harness/base/error.h"
#include "harness/base/file.h"
#include "harness/base/text.h"
#include "harness/cli/batch_progress.h"
#include "harness/cli/command.h"
#include "harness/cli/exit_status.h"
#include "harness/cli/out_vouch.h"
#include "harness/cli/spec_arg.h"
#include "harness/report/batch_manifest.h"
#include "harness/report/batch_reports.h"
#include "harness/report/class_summary.h"
#include "harness/report/gradebook.h"
#include "harness/report/lms_csv.h"
#include "harness/run/batch.h"
#include "harness/run/own_network.h"

namespace netgrade::cli {
namespace fs = std::filesystem;

namespace {

struct BatchArgs {
  std::string spec_path;
  std::string submissions;
  std::string out;
  int jobs = 1;
  bool resume = false;
  std::string shard = "1/1";
  std::optional<uint64_t> seed;
  std::vector<std::string> formats;
  std::vector<std::string> lms;
  bool pcap = false;  // OUT/captures/<name>/<case>.pcapng
  size_t pcap_max_mib = 16;
};

// The run's seed when --seed is not given. A class graded with a seed anyone knows is graded
// with messages anyone knows (every spec is public): a new one nobody can predict, except that
// --resume keeps the seed the batch began with (recorded in OUT/batch.json) and the shards of
// one class share one (NETGRADE_SEED, which the templates make once per class; else 1, said).
uint64_t ChooseSeed(const BatchArgs& args, const run::Shard& shard) {
  if (args.seed) return *args.seed;
  if (args.resume)
    if (std::optional<std::string> text = ReadFile((fs::path(args.out) / "batch.json").string()))
      return report::ParseManifest(*text, args.out + "/batch.json").seed;
  if (const char* env = std::getenv("NETGRADE_SEED"); env && *env) {
    char* end = nullptr;
    uint64_t v = std::strtoull(env, &end, 10);
    if (*end != '\0')
      throw UsageError(fmt::format("NETGRADE_SEED={}: expected a whole number", env));
    return v;
  }
  if (shard.n > 1) {
    fmt::print(stderr,
               "netgrade: shard {}: seed 1, since the shards of a class must share one; give "
               "every shard the same --seed (or NETGRADE_SEED) made once for the class, so that "
               "nobody can know the messages in advance\n",
               shard.Name());
    return 1;
  }
  uint64_t v = 0;
  if (::getrandom(&v, sizeof v, 0) != static_cast<ssize_t>(sizeof v))
    throw SystemError("getrandom", errno);
  return v % 1'000'000'000'000ull;  // short enough to read out and type back with --seed
}

std::string FormatList(const std::vector<std::string>& formats) {
  if (formats.empty()) return "(none)";
  std::string out;
  for (const std::string& f : formats) out += (out.empty() ? "" : ",") + f;
  return out;
}

bool EmptyOrMissing(const fs::path& dir) {
  std::error_code ec;
  return !fs::exists(dir, ec) || (fs::is_directory(dir, ec) && fs::is_empty(dir, ec));
}

// OUT ready for this run: a fresh one is made; one that holds anything is used only with
// --resume and only when its batch.json says the same grading (never a gradebook overwritten,
// never two gradings mixed in one).
void PrepareOut(const BatchArgs& args, const report::BatchManifest& now) {
  fs::path out = args.out;
  if (!EmptyOrMissing(out)) {
    if (!args.resume)
      throw UsageError(fmt::format(
          "--out {}: not empty; --resume to finish the batch in it, or name a new folder",
          args.out));
    fs::path manifest_path = out / "batch.json";
    std::optional<std::string> text = ReadFile(manifest_path.string());
    if (!text)
      throw UsageError(fmt::format(
          "--out {}: not empty and has no batch.json: not a batch to resume", args.out));
    report::BatchManifest before = report::ParseManifest(*text, manifest_path.string());
    std::string difference = report::GradingDifference(before, now);
    if (!difference.empty())
      throw UsageError(fmt::format("--resume: {} was graded with {} (seed {}); this run has {}",
                                   args.out, before.spec, before.seed, difference));
    if (before.shard.Name() != now.shard.Name())
      throw UsageError(fmt::format("--resume: {} holds shard {}, not {}", args.out,
                                   before.shard.Name(), now.shard.Name()));
    // Reports only of the submissions graded now would be a folder no one can trust.
    if (before.formats != now.formats)
      throw UsageError(fmt::format("--resume: {} was graded with --format {}; this run asks for {}",
                                   args.out, FormatList(before.formats), FormatList(now.formats)));
    // Captures of some submissions only would be the same.
    if (before.pcap != now.pcap)
      throw UsageError(fmt::format("--resume: {} was graded {} --pcap; {} this run too", args.out,
                                   before.pcap ? "with" : "without",
                                   before.pcap ? "give it" : "leave it out"));
  }
  fs::create_directories(out / "results");
  if (!now.formats.empty()) fs::create_directories(out / "reports");
}

// Writes the reports of a submission, before its result file (BatchHooks::before_result).
void WriteReports(const fs::path& reports, const std::vector<std::string>& formats,
                  const std::string& name, const run::GradeOutcome& outcome) {
  for (const std::string& name_of_format : formats) {
    report::Format format = *report::ParseFormat(name_of_format);
    if (format == report::Format::kJson) continue;  // results/<name>.json is that report
    run::WriteAtomically(run::SubmissionFilePath(reports, name, report::ReportExtension(format)),
                         report::SubmissionReport(outcome, format));
  }
}

// The gradebook of the shard, from its result files (its rows also in *all, for the job
// summary); the exit status they give.
int WriteGradebook(const fs::path& out, const report::BatchManifest& manifest,
                   const std::vector<std::string>& names, std::vector<report::GradebookRow>* all) {
  std::vector<report::GradebookRow> rows;
  Tally tally;
  for (const std::string& name : names) {
    fs::path file = run::ResultPath(out / "results", name);
    std::optional<std::string> text = ReadFile(file.string(), 64 << 20);
    std::optional<report::GradebookRow> row;
    if (text) row = report::RowFromResultFile(run::ResultStem(name), *text);
    if (!row) throw std::runtime_error(fmt::format("{}: missing or unreadable", file.string()));
    tally.Add(row->status == run::Status::kGraderError,
              row->status == run::Status::kFailed || row->status == run::Status::kLayoutError,
              row->not_run > 0);
    rows.push_back(std::move(*row));
  }
  *all = rows;
  run::WriteAtomically(out / "grades.csv", report::GradebookCsv(manifest.cases, std::move(rows)));
  return tally.Status();
}

// The hooks that make a submission's results/ and reports/ files and say the progress.
run::BatchHooks MakeBatchHooks(const BatchArgs& args, const report::BatchManifest& manifest,
                               const fs::path& out, bool terminal) {
  run::BatchHooks hooks;
  // What results/ and reports/ show of a submission: its name, not the path DIR gave it.
  const std::string shown_spec = report::ShownSpecPath(args.spec_path);
  int spec_max = 0;
  for (const report::GradebookCase& c : manifest.cases) spec_max += c.points;
  // A capture is named from OUT, as the other files of the class are.
  auto for_class = [shown_spec, spec_max,
                    top = fs::absolute(out)](const run::GradeOutcome& outcome) {
    run::GradeOutcome shown = report::ForClass(outcome, shown_spec, spec_max);
    for (check::CaseResult& c : shown.result.cases)
      if (c.capture && !c.capture->file.empty())
        c.capture->file = fs::path(c.capture->file).lexically_relative(top).string();
    return shown;
  };
  hooks.result_file = [for_class](const run::GradeOutcome& outcome) {
    return report::ResultFile(for_class(outcome));
  };
  if (!manifest.formats.empty()) {
    run::RemoveStaleTemporaries(out / "reports");
    // Copies, not references: the hooks outlive this function's locals.
    hooks.before_result = [for_class, reports = out / "reports", formats = manifest.formats](
                              const std::string& name, const run::GradeOutcome& outcome) {
      WriteReports(reports, formats, name, for_class(outcome));
    };
  }
  hooks.stored_status = [](const std::string& contents) -> std::optional<run::Status> {
    std::optional<report::GradebookRow> row = report::RowFromResultFile("", contents);
    if (!row) return std::nullopt;
    return row->status;
  };
  hooks.on_event = [terminal](const run::BatchEvent& e) {
    fmt::print(stderr, "{}", ProgressText(e, terminal));
    std::fflush(stderr);
  };
  return hooks;
}

// What OUT gets once every submission is graded: the gradebook, the class page, and the LMS
// files, junit.xml and GitHub summary asked for; the exit status the gradebook gives.
int WriteClassFiles(const BatchArgs& args, const spec::Spec& spec,
                    const report::BatchManifest& manifest, const fs::path& out) {
  std::vector<report::GradebookRow> rows;
  int status = WriteGradebook(out, manifest, manifest.submissions, &rows);
  fmt::print(stderr, "netgrade: gradebook of {} submissions: {}\n", manifest.submissions.size(),
             (out / "grades.csv").string());
  report::WriteClassView(out, spec.exercise, manifest.cases, manifest.formats, rows);
  fmt::print(stderr, "netgrade: the class page: {}\n", (out / "index.html").string());
  for (const std::string& lms : args.lms) {
    report::Lms which = *report::ParseLms(lms);
    fs::path file = out / report::LmsFileName(which);
    run::WriteAtomically(file, report::LmsCsv(which, spec.exercise, manifest.cases, rows));
    fmt::print(stderr, "netgrade: the gradebook for {}: {}\n", lms, file.string());
  }
  auto asked = [&](const char* format) {
    return std::count(manifest.formats.begin(), manifest.formats.end(), format) > 0;
  };
  if (asked("junit")) {
    run::WriteAtomically(out / "junit.xml", report::JunitOfClass(out / "reports", spec.exercise,
                                                                 manifest.submissions));
    fmt::print(stderr, "netgrade: JUnit report of the class: {}\n", (out / "junit.xml").string());
  }
  if (asked("github"))
    report::AppendToGithubStepSummary(report::GithubGradebookSummary(spec.exercise, rows));
  return status;
}

int RunBatchCommand(const BatchArgs& args) {
  spec::Spec spec = LoadSpecOrThrow(args.spec_path);
  // A case this machine cannot run is reported per case, in each submission's reports (a CI
  // job's JUnit says why); the batch then exits 2 unless a case failed, saying so once here.
  const std::string not_run_here = run::SpecNotRunHere(spec, run::RunOptions{});
  run::Shard shard = run::ParseShard(args.shard);
  std::vector<std::string> all = run::ListSubmissions(args.submissions);
  // An empty DIR is a wrong path, not a class (an empty shard of a class is fine).
  if (all.empty())
    throw UsageError(fmt::format("--submissions {}: no submission in it", args.submissions));
  // OUT in DIR would be graded as a submission the next time (--resume, another shard).
  fs::path dir = fs::canonical(args.submissions), out_path = fs::weakly_canonical(args.out);
  if (std::mismatch(dir.begin(), dir.end(), out_path.begin(), out_path.end()).first == dir.end())
    throw UsageError(fmt::format("--out {} is inside --submissions {}: put it elsewhere", args.out,
                                 args.submissions));
  const uint64_t seed = ChooseSeed(args, shard);
  report::BatchManifest manifest = report::MakeManifest(
      spec, args.spec_path, ReadFile(args.spec_path).value_or(""), seed, shard, all);
  manifest.formats = report::BatchFormats(args.formats);
  manifest.pcap = args.pcap;
  // A batch that starts afresh (OUT empty or new) owes nothing to a record of an earlier batch
  // whose OUT had this path and was removed since: forgotten before anything is written, so a
  // run killed now and resumed is not told its own files were tampered with.
  if (EmptyOrMissing(args.out)) run::ForgetVouch(args.out);
  PrepareOut(args, manifest);
  fs::path out = args.out;
  const std::optional<run::Vouch> earlier =
      args.resume ? run::LoadVouch(out) : std::optional<run::Vouch>();
  run::WriteAtomically(out / "batch.json", report::ManifestJson(manifest));

  run::BatchOptions options;
  options.grade.jobs = args.jobs;
  options.grade.run.seed = seed;
  options.grade.run.timeout_multiplier = TimeoutMultiplierFromEnv();
  options.submissions = args.submissions;
  if (args.pcap) {
    options.grade.capture_dir = fs::absolute(out / "captures");
    options.grade.capture_per_submission = true;
    options.grade.run.capture_max_bytes = args.pcap_max_mib << 20;
  }
  options.results = out / "results";
  // Probed before any thread starts (a user namespace can only be made then); said once.
  fmt::print(stderr, "{}",
             run::ContainmentLine(run::DescribeSandbox(options.grade.run),
                                  args.jobs > 1 && run::ParallelJobs(spec, args.jobs) == 1));
  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  run::BatchHooks hooks = MakeBatchHooks(args, manifest, out, terminal);
  run::RunBatch(spec, options, manifest.submissions, hooks);
  if (terminal) fmt::print(stderr, "\n");
  if (!not_run_here.empty())
    fmt::print(stderr, "netgrade: cases not run on this machine (exit status 2): {}\n",
               not_run_here);
  return VouchForOut(out, earlier, args.resume, WriteClassFiles(args, spec, manifest, out));
}

}  // namespace

Command AddBatchCommand(CLI::App& root) {
  auto args = std::make_shared<BatchArgs>();
  CLI::App* app = root.add_subcommand(
      "batch", "Grade a class: every folder of DIR is a submission; a gradebook in OUT");
  app->add_option("spec", args->spec_path, "The exercise's spec, e.g. specs/tcp-capitalize.yaml")
      ->required();
  app->add_option("--submissions", args->submissions, "The folder of submissions, one folder each")
      ->required();
  app->add_option("--out,-o", args->out,
                  "Where results/<name>.json, grades.csv and batch.json go (new or empty)")
      ->required();
  app->add_option("--jobs,-j", args->jobs, "Cases run at once (each in its own network namespace)")
      ->check(CLI::Range(1, 64));
  app->add_flag("--resume", args->resume,
                "Finish an interrupted batch in OUT: what it graded is kept, the rest graded");
  app->add_option("--shard", args->shard,
                  "K/N: grade only the K-th of N parts (by name); netgrade merge joins them");
  app->add_option("--seed", args->seed,
                  "Seed of the drawn messages and fault plans (recorded in OUT/batch.json); "
                  "default: a new one nobody can predict (--resume: the batch's own)");
  app->add_option("--format,-f", args->formats,
                  "Also OUT/reports/<name>.<ext> in this format (repeatable): junit (and "
                  "OUT/junit.xml), gradescope, tap, github (and $GITHUB_STEP_SUMMARY), html, text; "
                  "json is results/")
      ->check(CLI::IsMember(report::FormatNames()))
      ->allow_extra_args(false);  // one format per --format: SPEC after it stays SPEC
  CLI::Option* pcap =
      app->add_flag("--pcap", args->pcap,
                    "Also OUT/captures/<name>/<case>.pcapng: each case's packets, for Wireshark");
  AddPcapMax(app, &args->pcap_max_mib, pcap);
  app->add_option("--lms", args->lms,
                  "Also OUT/lms-<name>.csv, the gradebook as this LMS imports it (repeatable): "
                  "canvas, moodle")
      ->check(CLI::IsMember(report::LmsNames()))
      ->allow_extra_args(false);
  return {app, [args] { return RunBatchCommand(*args); }};
}

}  // namespace netgrade::cli
