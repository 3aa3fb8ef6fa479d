// Grades a class: every entry of a folder is one submission, graded in one queue of cases
// (GradeAll), each result written to its own file the moment it is graded, so that a run
// killed at any moment and started again grades only what is left. What a result file holds
// (report::Json) is the caller's: this stage knows files and order, not formats.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/run/grade.h"

namespace netgrade::run {

// --shard K/N: the K-th of N parts, 1 <= K <= N.
struct Shard {
  int k = 1;
  int n = 1;
  std::string Name() const;  // "K/N"
};
// Throws UsageError for anything but "K/N" with 1 <= K <= N <= 10000.
Shard ParseShard(const std::string& text);

// The submissions in DIR: every entry but those whose name starts with '.', sorted by their
// bytes (the same order in every locale). An entry that is not a folder (alice.zip) is listed
// too: it gets a row with its layout error instead of vanishing from the gradebook. Throws
// UsageError when DIR is not a readable folder.
std::vector<std::string> ListSubmissions(const std::filesystem::path& dir);

// Whether a submission belongs to a shard: NameHash(name) mod N, so from its name alone. Two
// shard jobs that list DIR at different times (a submission added late) still agree on every
// name they both see, which a position in the sorted list would not; the parts are even only
// on average (binomial: 300 names in 10 shards, 30 +- 5 each).
bool InShard(const std::string& name, const Shard& shard);
std::vector<std::string> ShardOf(const std::vector<std::string>& names, const Shard& shard);

// Replaces `path` with `data` so that a reader (or a run killed meanwhile) sees the old file
// or the new one, never a part: a temporary file in the same folder (named ".tmp-..."), fsync,
// rename, fsync of the folder. Throws SystemError.
void WriteAtomically(const std::filesystem::path& path, const std::string& data);
// What this process has written with WriteAtomically under `dir`: each file's path relative
// to it, and the SHA-256 of the bytes written (the gradebook's vouch, run/gradebook_vouch.h).
std::map<std::string, std::string> WrittenUnder(const std::filesystem::path& dir);
// Removes the temporary files a killed WriteAtomically left in `dir`.
void RemoveStaleTemporaries(const std::filesystem::path& dir);

// How a submission came out, as the gradebook says it.
enum class Status { kPassed, kFailed, kLayoutError, kGraderError };
const char* StatusName(Status status);  // "passed", "failed", "layout_error", "grader_error"
Status StatusOf(const GradeOutcome& outcome);

// What the batch tells its caller as it goes (progress, messages).
struct BatchEvent {
  enum Kind {
    kStarted,   // before any grading: total, and done = resumed (what an earlier run graded)
    kGraded,    // `name` is graded and its result written
    kRetrying,  // the grader failed on `name`: it is graded once more
  } kind = kGraded;
  std::string name;
  const GradeOutcome* outcome = nullptr;  // null for kStarted
  size_t done = 0;           // submissions of the shard with a final result, earlier runs' included
  size_t total = 0;          // submissions in the shard
  size_t resumed = 0;        // of done, those an earlier run graded (this run did not time them)
  size_t failed = 0;         // graded by this run and not passed (a layout error included)
  size_t grader_errors = 0;  // the grader failed twice on them (this run's: others are redone)
  std::chrono::steady_clock::duration elapsed{};
};

struct BatchHooks {
  // The contents of a submission's result file.
  std::function<std::string(const GradeOutcome&)> result_file;
  // Writes what must exist whenever the result file does (the reports of --format), called
  // before the result file is written, from the thread that graded the submission: a run
  // killed between the two grades the submission again, never leaves a result without them.
  std::function<void(const std::string& name, const GradeOutcome&)> before_result;
  // The status a result file left by an earlier run records; nullopt when it cannot be read
  // back. Every status but a grader error is final (kept); the rest is graded again.
  std::function<std::optional<Status>(const std::string& contents)> stored_status;
  // Called under a lock, one event at a time.
  std::function<void(const BatchEvent&)> on_event;
};

struct BatchOptions {
  GradeOptions grade;                 // jobs, seed, timeouts (grade.submission is unused)
  std::filesystem::path submissions;  // DIR
  std::filesystem::path results;      // OUT/results: <name>.json per submission
};

// Grades `names` (entries of options.submissions) but those with a final result file already,
// writing <name>.json in options.results as each is graded. A submission on which the grader
// failed (check::GradeResult::grader_error) is graded once more after the others; if it fails
// again, its result file records the grader error (never a score). Returns how many results
// are grader errors after this run.
size_t RunBatch(const spec::Spec& spec, const BatchOptions& options,
                const std::vector<std::string>& names, const BatchHooks& hooks);

// The result file of a submission: results/<stem>.json. The stem is the folder's name, but
// for a name too long to take ".json" (over 250 bytes, which a file name may not exceed with
// it) its first 200 bytes, '~' and 16 hex digits of its NameHash. The gradebook names a
// submission by its stem too, so that a merge, which knows the shards' submissions by their
// result files, writes the same rows.
std::string ResultStem(const std::string& name);
std::filesystem::path ResultPath(const std::filesystem::path& results, const std::string& name);
// Another file of a submission, <name><extension> in `dir` (reports/<name>.xml): the name
// shortened as ResultStem does when it would not fit with the extension. Gives the same path
// for a name and for its ResultStem, so a merge that knows only the stems finds the file.
std::filesystem::path SubmissionFilePath(const std::filesystem::path& dir, const std::string& name,
                                         const std::string& extension);

}  // namespace netgrade::run
