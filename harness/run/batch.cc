#include "harness/run/batch.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/base/file.h"
#include "harness/base/seed.h"
#include "harness/base/sha256.h"
#include "harness/base/text.h"

namespace netgrade::run {
namespace fs = std::filesystem;

std::string Shard::Name() const { return fmt::format("{}/{}", k, n); }

Shard ParseShard(const std::string& text) {
  Shard s;
  size_t slash = text.find('/');
  auto number = [&](const std::string& digits, int* out) {
    if (digits.empty() || digits.size() > 5 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    *out = std::stoi(digits);
    return true;
  };
  if (slash == std::string::npos || !number(text.substr(0, slash), &s.k) ||
      !number(text.substr(slash + 1), &s.n) || s.k < 1 || s.n < 1 || s.k > s.n || s.n > 10000)
    throw UsageError(fmt::format("--shard {}: expected K/N with 1 <= K <= N (e.g. 2/8)", text));
  return s;
}

std::vector<std::string> ListSubmissions(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw UsageError(fmt::format("--submissions {}: not a folder", dir.string()));
  Dir d = OpenDir(dir.string());
  if (!d) throw UsageError(fmt::format("--submissions {}: cannot be read", dir.string()));
  std::vector<std::string> names;
  for (const std::string& name : DirNames(dir.string()))
    if (name[0] != '.') names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

bool InShard(const std::string& name, const Shard& shard) {
  return NameHash(name) % static_cast<uint64_t>(shard.n) == static_cast<uint64_t>(shard.k - 1);
}

std::vector<std::string> ShardOf(const std::vector<std::string>& names, const Shard& shard) {
  std::vector<std::string> out;
  for (const std::string& name : names)
    if (InShard(name, shard)) out.push_back(name);
  return out;
}

namespace {
constexpr const char* kTemporaryPrefix = ".tmp-";

void FsyncPath(const fs::path& path, int flags) {
  Fd fd(CheckSys(::open(path.c_str(), flags | O_CLOEXEC), "open for fsync"));
  CheckSys(::fsync(fd.get()), "fsync");
}
}  // namespace

namespace {
std::mutex written_mutex;
std::map<std::string, std::string> written;  // absolute path -> SHA-256 of what was written

fs::path Absolute(const fs::path& path) { return fs::absolute(path).lexically_normal(); }
}  // namespace

std::map<std::string, std::string> WrittenUnder(const fs::path& dir) {
  const std::string top = Absolute(dir).string() + "/";
  std::map<std::string, std::string> under;
  std::lock_guard<std::mutex> lock(written_mutex);
  for (const auto& [path, digest] : written)
    if (path.rfind(top, 0) == 0) under[path.substr(top.size())] = digest;
  return under;
}

void WriteAtomically(const fs::path& path, const std::string& data) {
  fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  std::string temp = (dir / (std::string(kTemporaryPrefix) + "XXXXXX")).string();
  Fd fd(CheckSys(::mkostemp(temp.data(), O_CLOEXEC), "create a temporary file"));
  try {
    CheckSys(::fchmod(fd.get(), 0644), "chmod a temporary file");
    for (size_t at = 0; at < data.size();) {
      ssize_t n = ::write(fd.get(), data.data() + at, data.size() - at);
      if (n < 0 && errno == EINTR) continue;
      CheckSys(n, "write a result file");
      at += static_cast<size_t>(n);
    }
    // Its bytes reach the disk before its name does: a crash never leaves an empty result.
    CheckSys(::fsync(fd.get()), "fsync a result file");
    fd.Reset();
    CheckSys(::rename(temp.c_str(), path.c_str()), "rename a result file into place");
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
  FsyncPath(dir, O_RDONLY | O_DIRECTORY);  // and the new name itself
  std::string digest = Sha256Hex(data);
  std::lock_guard<std::mutex> lock(written_mutex);
  written[Absolute(path).string()] = std::move(digest);
}

void RemoveStaleTemporaries(const fs::path& dir) {
  for (const std::string& name : DirNames(dir.string()))
    if (name.rfind(kTemporaryPrefix, 0) == 0) ::unlink((dir / name).c_str());
}

const char* StatusName(Status status) {
  switch (status) {
    case Status::kPassed:
      return "passed";
    case Status::kFailed:
      return "failed";
    case Status::kLayoutError:
      return "layout_error";
    case Status::kGraderError:
      return "grader_error";
  }
  return "?";
}

Status StatusOf(const GradeOutcome& outcome) {
  if (!outcome.layout_error.empty()) return Status::kLayoutError;
  if (outcome.result.grader_error()) return Status::kGraderError;
  return outcome.result.all_passed() ? Status::kPassed : Status::kFailed;
}

namespace {
// A name of at most `fits` bytes as it is, a longer one cut: a file name holds 255 bytes.
std::string ShortenedName(const std::string& name, size_t fits) {
  if (name.size() <= fits) return name;
  return name.substr(0, CutAtCharacter(name.data(), name.size(), 200)) +
         fmt::format("~{:016x}", NameHash(name));
}
}  // namespace

std::string ResultStem(const std::string& name) { return ShortenedName(name, 250); }

fs::path SubmissionFilePath(const fs::path& dir, const std::string& name,
                            const std::string& extension) {
  // A stem already cut (217 bytes) fits every extension used (at most 38 bytes), so it stays.
  return dir / (ShortenedName(name, 255 - extension.size()) + extension);
}

fs::path ResultPath(const fs::path& results, const std::string& name) {
  return results / (ResultStem(name) + ".json");
}

size_t RunBatch(const spec::Spec& spec, const BatchOptions& options,
                const std::vector<std::string>& names, const BatchHooks& hooks) {
  const auto start = std::chrono::steady_clock::now();
  std::mutex mutex;
  BatchEvent progress;
  progress.total = names.size();
  RemoveStaleTemporaries(options.results);
  // What an earlier run finished is kept as it is: never graded twice.
  std::vector<std::string> todo;
  for (const std::string& name : names) {
    std::optional<std::string> stored = ReadFile(ResultPath(options.results, name), 64 << 20);
    std::optional<Status> status;
    if (stored) status = hooks.stored_status(*stored);
    if (status && *status != Status::kGraderError) {
      ++progress.resumed;
      if (*status != Status::kPassed) ++progress.failed;
    } else {
      todo.push_back(name);
    }
  }
  progress.done = progress.resumed;
  progress.kind = BatchEvent::kStarted;
  if (hooks.on_event) hooks.on_event(progress);

  auto tell = [&](BatchEvent::Kind kind, const std::string& name, const GradeOutcome& outcome) {
    progress.kind = kind;
    progress.name = name;
    progress.outcome = &outcome;
    progress.elapsed = std::chrono::steady_clock::now() - start;
    if (hooks.on_event) hooks.on_event(progress);
  };
  auto record = [&](const std::string& name, const GradeOutcome& outcome) {
    // Outside the lock: each submission has files of its own, written whole by rename.
    if (hooks.before_result) hooks.before_result(name, outcome);
    WriteAtomically(ResultPath(options.results, name), hooks.result_file(outcome));
    std::lock_guard<std::mutex> lock(mutex);
    Status status = StatusOf(outcome);
    ++progress.done;
    if (status == Status::kFailed || status == Status::kLayoutError) ++progress.failed;
    if (status == Status::kGraderError) ++progress.grader_errors;
    tell(BatchEvent::kGraded, name, outcome);
  };
  auto paths = [&](const std::vector<std::string>& list) {
    std::vector<fs::path> out;
    for (const std::string& name : list) out.push_back(options.submissions / name);
    return out;
  };

  // First pass: a grader error waits for the second, every other outcome is written at once.
  std::vector<std::string> again;
  GradeAll(spec, options.grade, paths(todo), [&](size_t i, const GradeOutcome& outcome) {
    if (StatusOf(outcome) == Status::kGraderError) {
      std::lock_guard<std::mutex> lock(mutex);
      again.push_back(todo[i]);
      tell(BatchEvent::kRetrying, todo[i], outcome);
      return;
    }
    record(todo[i], outcome);
  });
  // Once more, after the others: a machine short of something for a moment has recovered.
  std::sort(again.begin(), again.end());
  GradeAll(spec, options.grade, paths(again),
           [&](size_t i, const GradeOutcome& outcome) { record(again[i], outcome); });
  return progress.grader_errors;
}

}  // namespace netgrade::run
