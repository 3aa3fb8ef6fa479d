// netgrade merge OUT1 OUT2 ... --out OUT
// Joins the outputs of `netgrade batch --shard K/N` (one per K) into the output one run over
// every submission gives: results/, reports/ and junit.xml (of --format), captures/ (of --pcap),
// batch.json (shard 1/1)
// grades.csv, summary.json and index.html, byte for byte; and with --lms, lms-<name>.csv.
#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/base/file.h"
#include "harness/base/text.h"
#include "harness/cli/command.h"
#include "harness/cli/out_vouch.h"
#include "harness/report/batch_manifest.h"
#include "harness/report/batch_reports.h"
#include "harness/report/class_summary.h"
#include "harness/report/gradebook.h"
#include "harness/report/lms_csv.h"
#include "harness/run/batch.h"
#include "harness/run/gradebook_vouch.h"

namespace netgrade::cli {
namespace fs = std::filesystem;

namespace {

struct MergeArgs {
  std::vector<std::string> shards;
  std::string out;
  std::vector<std::string> lms;
};

// The submissions whose results a shard's folder holds, by their result files' stems (the
// real bytes of the folder names, which batch.json can show only as UTF-8; a name too long
// for a file name shortened as run::ResultStem says, as the gradebook shows it).
std::vector<std::string> ResultNames(const fs::path& results) {
  std::vector<std::string> names;
  for (const std::string& file : DirNames(results.string()))
    if (file[0] != '.' && file.size() > 5 && file.compare(file.size() - 5, 5, ".json") == 0)
      names.push_back(file.substr(0, file.size() - 5));
  std::sort(names.begin(), names.end());
  return names;
}

// A shard's file or folder as its batch wrote it: never a link nor a special file, which a
// merge run by another user (root) would follow out of the shard and copy into OUT.
void OwnEntry(const fs::path& path, bool folder) {
  std::error_code ec;
  fs::file_status s = fs::symlink_status(path, ec);
  if (ec || (folder ? !fs::is_directory(s) : !fs::is_regular_file(s)))
    throw UsageError(
        fmt::format("{}: not a {} a batch wrote (a link, or of another kind): not read",
                    Visible(path.string()), folder ? "folder" : "file"));
}

// Opened without following a link (O_NOFOLLOW) and checked a regular file after opening, so
// that a link put in its place after the check is not read either.
std::optional<std::string> ReadShardFile(const fs::path& path, size_t max = 64 << 20) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY));
  if (!fd && errno == ENOENT) return std::nullopt;
  struct stat st{};
  if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) OwnEntry(path, false);
  if (!fd || !S_ISREG(st.st_mode)) throw UsageError(Visible(path.string()) + ": cannot be read");
  return ReadRest(fd.get(), max);
}

// Each shard as its batch wrote it, where a record of it is kept (run/gradebook_vouch.h): a
// result edited, added or removed since is refused, never vouched for in OUT. A shard graded
// elsewhere has no record here: said, and taken as it is.
void CheckShardsAgainstTheirRecords(const MergeArgs& args) {
  for (const std::string& dir : args.shards) {
    std::optional<run::Vouch> vouch = run::LoadVouch(dir);
    if (!vouch) {
      fmt::print(stderr, "netgrade: {}: no record of its batch is kept here ({}): taken as it is\n",
                 Visible(dir), run::VouchPath(dir).parent_path().string());
      continue;
    }
    std::vector<std::string> differences = run::Differences(*vouch, dir);
    if (differences.empty()) continue;
    std::string lines;
    for (const std::string& line : differences) lines += "\n  " + Visible(line);
    throw UsageError(fmt::format("{}: not as netgrade wrote it on {}; not merged:{}", Visible(dir),
                                 vouch->written, lines));
  }
}

// The shards' batch.json, each checked against the first: the same grading, parts of one split
// of the same DIR with the same --format, no shard given twice nor missing; and --out new.
std::vector<report::BatchManifest> ReadShardManifests(const MergeArgs& args) {
  std::vector<report::BatchManifest> manifests;
  std::map<int, std::string> by_k;  // shard K -> its folder
  for (const std::string& dir : args.shards) {
    fs::path path = fs::path(dir) / "batch.json";
    std::optional<std::string> text = ReadShardFile(path, 1 << 20);
    if (!text)
      throw UsageError(fmt::format("{}: no batch.json: not the output of netgrade batch", dir));
    manifests.push_back(report::ParseManifest(*text, path.string()));
    const report::BatchManifest& m = manifests.back();
    const report::BatchManifest& first = manifests.front();
    std::string difference = report::GradingDifference(first, m);
    if (!difference.empty())
      throw UsageError(
          fmt::format("{} and {} are not the same grading: {}", args.shards[0], dir, difference));
    if (m.shard.n != first.shard.n)
      throw UsageError(fmt::format("{} is shard {} and {} is shard {}: not parts of one split",
                                   args.shards[0], first.shard.Name(), dir, m.shard.Name()));
    if (m.listed != first.listed || m.listing_hash != first.listing_hash)
      throw UsageError(fmt::format(
          "{} and {} saw different submission folders ({} and {} entries): grade every shard "
          "of the same DIR",
          args.shards[0], dir, first.listed, m.listed));
    if (m.formats != first.formats)
      throw UsageError(
          fmt::format("{} and {} have reports in other formats: grade every shard "
                      "with the same --format",
                      args.shards[0], dir));
    if (!by_k.emplace(m.shard.k, dir).second)
      throw UsageError(
          fmt::format("shard {} is given twice: {} and {}", m.shard.Name(), by_k[m.shard.k], dir));
  }
  const report::BatchManifest& first = manifests.front();
  for (int k = 1; k <= first.shard.n; ++k)
    if (!by_k.count(k)) throw UsageError(fmt::format("shard {}/{} is missing", k, first.shard.n));
  if (fs::exists(args.out) && !(fs::is_directory(args.out) && fs::is_empty(args.out)))
    throw UsageError(fmt::format("--out {}: not empty; name a new folder", args.out));
  return manifests;
}

// Every shard complete, no submission in two, and every submission of the folder in one: the
// result file of each.
std::map<std::string, fs::path> ResultSources(const MergeArgs& args,
                                              const std::vector<report::BatchManifest>& manifests) {
  std::map<std::string, fs::path> sources;  // submission -> its result file
  for (size_t i = 0; i < manifests.size(); ++i) {
    fs::path results = fs::path(args.shards[i]) / "results";
    if (fs::exists(results)) OwnEntry(results, true);
    std::vector<std::string> names = ResultNames(results);
    if (names.size() != manifests[i].submissions.size())
      throw UsageError(fmt::format(
          "{}: {} of its {} submissions have a result: finish it with netgrade batch --resume",
          args.shards[i], names.size(), manifests[i].submissions.size()));
    for (const std::string& name : names)
      if (!sources.emplace(name, run::ResultPath(results, name)).second)
        throw UsageError(fmt::format("submission {} is in two shards", Visible(name)));
  }
  if (sources.size() != manifests.front().listed)
    throw UsageError(fmt::format("the shards hold {} submissions; their folder had {}",
                                 sources.size(), manifests.front().listed));
  return sources;
}

// Copies the result files into OUT/results, their gradebook rows into *rows; the exit status
// they give, as an unsharded run's.
int CopyResults(const std::map<std::string, fs::path>& sources, const fs::path& out,
                std::vector<report::GradebookRow>* rows) {
  int status = kExitPassed;
  for (const auto& [name, source] : sources) {
    std::optional<std::string> text = ReadShardFile(source);
    std::optional<report::GradebookRow> row;
    if (text) row = report::RowFromResultFile(name, *text);
    if (!row) throw UsageError(fmt::format("{}: not a result file", source.string()));
    run::WriteAtomically(run::ResultPath(out / "results", name), *text);
    if (row->status == run::Status::kGraderError) status = kExitInternal;
    if (status == kExitPassed && row->status != run::Status::kPassed) status = kExitFailed;
    rows->push_back(std::move(*row));
  }
  return status;
}

// The reports as the shards wrote them: a shard's files, each a submission's own.
void CopyReports(const MergeArgs& args, const report::BatchManifest& first, const fs::path& out) {
  if (!first.formats.empty()) fs::create_directories(out / "reports");
  for (const std::string& dir : args.shards) {
    fs::path reports = fs::path(dir) / "reports";
    if (fs::exists(reports)) OwnEntry(reports, true);
    for (const std::string& file : DirNames(reports.string())) {
      if (file[0] == '.') continue;  // a temporary of a killed write
      std::optional<std::string> text = ReadShardFile(reports / file);
      if (!text) throw UsageError(fmt::format("{}: cannot be read", (reports / file).string()));
      run::WriteAtomically(out / "reports" / file, *text);
    }
  }
}

// The captures (batch --pcap) as the shards wrote them: captures/<name>/<case>.pcapng, each
// folder a submission's own, so that the results' and reports' links hold in the merged OUT.
void CopyCaptures(const MergeArgs& args, const fs::path& out) {
  for (const std::string& dir : args.shards) {
    fs::path captures = fs::path(dir) / "captures";
    if (fs::exists(captures)) OwnEntry(captures, true);
    for (const std::string& name : DirNames(captures.string())) {
      if (name[0] == '.') continue;
      OwnEntry(captures / name, true);
      for (const std::string& file : DirNames((captures / name).string())) {
        if (file[0] == '.') continue;  // a temporary of a killed write
        fs::path from = captures / name / file;
        std::optional<std::string> bytes = ReadShardFile(from);
        if (!bytes) throw UsageError(fmt::format("{}: cannot be read", from.string()));
        fs::create_directories(out / "captures" / name);
        run::WriteAtomically(out / "captures" / name / file, *bytes);
      }
    }
  }
}

int RunMerge(const MergeArgs& args) {
  std::vector<report::BatchManifest> manifests = ReadShardManifests(args);
  const report::BatchManifest& first = manifests.front();
  std::map<std::string, fs::path> sources = ResultSources(args, manifests);
  CheckShardsAgainstTheirRecords(args);

  fs::path out = args.out;
  fs::create_directories(out / "results");
  report::BatchManifest merged = first;
  merged.shard = run::Shard{1, 1};
  merged.submissions.clear();
  std::vector<report::GradebookRow> rows;
  int status = CopyResults(sources, out, &rows);
  CopyReports(args, first, out);
  CopyCaptures(args, out);
  // The names as the shards' batch.json have them (whole, not stems): an unsharded run's list.
  for (const report::BatchManifest& m : manifests)
    merged.submissions.insert(merged.submissions.end(), m.submissions.begin(), m.submissions.end());
  std::sort(merged.submissions.begin(), merged.submissions.end());
  run::WriteAtomically(out / "batch.json", report::ManifestJson(merged));
  run::WriteAtomically(out / "grades.csv", report::GradebookCsv(merged.cases, rows));
  report::WriteClassView(out, first.exercise, merged.cases, first.formats, rows);
  for (const std::string& lms : args.lms) {
    report::Lms which = *report::ParseLms(lms);
    run::WriteAtomically(out / report::LmsFileName(which),
                         report::LmsCsv(which, first.exercise, merged.cases, rows));
  }
  // Rebuilt from the reports as an unsharded run builds it: the same order, the same bytes.
  if (std::count(first.formats.begin(), first.formats.end(), "junit") > 0) {
    std::vector<std::string> stems;
    for (const auto& [name, source] : sources) stems.push_back(name);
    run::WriteAtomically(out / "junit.xml",
                         report::JunitOfClass(out / "reports", first.exercise, stems));
  }
  fmt::print(stderr, "netgrade: {} shards, gradebook of {} submissions: {}\n", manifests.size(),
             sources.size(), (out / "grades.csv").string());
  return VouchForOut(out, std::nullopt, false, status);
}

}  // namespace

Command AddMergeCommand(CLI::App& root) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* app = root.add_subcommand(
      "merge", "Join the outputs of netgrade batch --shard K/N into one gradebook");
  app->add_option("shards", args->shards, "The OUT folder of every shard, 1/N to N/N")->required();
  app->add_option("--out,-o", args->out, "The joined output (new or empty)")->required();
  app->add_option("--lms", args->lms,
                  "Also OUT/lms-<name>.csv, the gradebook as this LMS imports it (repeatable): "
                  "canvas, moodle; one batch's OUT alone is a merge of 1 shard")
      ->check(CLI::IsMember(report::LmsNames()))
      ->allow_extra_args(false);
  return {app, [args] { return RunMerge(*args); }};
}

}  // namespace netgrade::cli
