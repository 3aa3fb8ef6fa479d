// netgrade batch SPEC --submissions DIR --out OUT [--jobs N] [--resume] [--shard K/N] [--seed S]
// Grades a class: every entry of DIR is a submission; OUT gets results/<name>.json as each is
// graded, batch.json (what graded it) first, grades.csv at the end.
#include <fmt/core.h>
#include <unistd.h>

#include <filesystem>

#include "harness/base/error.h"
#include "harness/base/file.h"
#include "harness/cli/batch_progress.h"
#include "harness/cli/command.h"
#include "harness/cli/spec_arg.h"
#include "harness/report/batch_manifest.h"
#include "harness/report/gradebook.h"
#include "harness/run/batch.h"

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
  uint64_t seed = 1;
};

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
  }
  fs::create_directories(out / "results");
}

// The gradebook of the shard, from its result files; the exit status they give.
int WriteGradebook(const fs::path& out, const report::BatchManifest& manifest,
                   const std::vector<std::string>& names) {
  std::vector<report::GradebookRow> rows;
  bool failed = false, grader_error = false;
  for (const std::string& name : names) {
    fs::path file = run::ResultPath(out / "results", name);
    std::optional<std::string> text = ReadFile(file.string(), 64 << 20);
    std::optional<report::GradebookRow> row;
    if (text) row = report::RowFromResultFile(run::ResultStem(name), *text);
    if (!row) throw std::runtime_error(fmt::format("{}: missing or unreadable", file.string()));
    failed =
        failed || row->status == run::Status::kFailed || row->status == run::Status::kLayoutError;
    grader_error = grader_error || row->status == run::Status::kGraderError;
    rows.push_back(std::move(*row));
  }
  run::WriteAtomically(out / "grades.csv", report::GradebookCsv(manifest.cases, std::move(rows)));
  return grader_error ? kExitInternal : failed ? kExitFailed : kExitPassed;
}

int RunBatchCommand(const BatchArgs& args) {
  spec::Spec spec = LoadSpecOrThrow(args.spec_path);
  run::Shard shard = run::ParseShard(args.shard);
  std::vector<std::string> all = run::ListSubmissions(args.submissions);
  report::BatchManifest manifest = report::MakeManifest(
      spec, args.spec_path, ReadFile(args.spec_path).value_or(""), args.seed, shard, all);
  PrepareOut(args, manifest);
  fs::path out = args.out;
  run::WriteAtomically(out / "batch.json", report::ManifestJson(manifest));

  run::BatchOptions options;
  options.grade.jobs = args.jobs;
  options.grade.run.seed = args.seed;
  options.grade.run.timeout_multiplier = TimeoutMultiplierFromEnv();
  options.submissions = args.submissions;
  options.results = out / "results";
  // Probed before any thread starts (a user namespace can only be made then); said once.
  fmt::print(stderr, "{}",
             run::ContainmentLine(run::DescribeSandbox(options.grade.run),
                                  args.jobs > 1 && run::ParallelJobs(spec, args.jobs) == 1));
  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  run::BatchHooks hooks;
  hooks.result_file = report::ResultFile;
  hooks.stored_status = [](const std::string& contents) -> std::optional<run::Status> {
    std::optional<report::GradebookRow> row = report::RowFromResultFile("", contents);
    if (!row) return std::nullopt;
    return row->status;
  };
  hooks.on_event = [terminal](const run::BatchEvent& e) {
    fmt::print(stderr, "{}", ProgressText(e, terminal));
    std::fflush(stderr);
  };
  run::RunBatch(spec, options, manifest.submissions, hooks);
  if (terminal) fmt::print(stderr, "\n");
  int status = WriteGradebook(out, manifest, manifest.submissions);
  fmt::print(stderr, "netgrade: gradebook of {} submissions: {}\n", manifest.submissions.size(),
             (out / "grades.csv").string());
  return status;
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
  app->add_option("--seed", args->seed, "Seed of the fault plans (recorded in OUT/batch.json)");
  return {app, [args] { return RunBatchCommand(*args); }};
}

}  // namespace netgrade::cli
