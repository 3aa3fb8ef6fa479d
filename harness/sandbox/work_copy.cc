#include "harness/sandbox/work_copy.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <limits.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/base/fork_lock.h"
#include "harness/base/remove_tree.h"
#include "harness/base/text.h"
#include "harness/sandbox/copy_space.h"
#include "harness/sandbox/submission_copy.h"

namespace netgrade::sandbox {
namespace fs = std::filesystem;

void RemoveStaleTempFiles() {
  std::error_code ec;
  size_t budget = kStaleBudget;
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path(), ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind("netgrade-", 0) != 0) continue;
    char* end = nullptr;
    long owner = std::strtol(name.c_str() + 9, &end, 10);
    if (owner <= 0 || *end != '-' || ::kill(static_cast<pid_t>(owner), 0) == 0 || errno != ESRCH)
      continue;
    struct stat st;
    if (::lstat(e.path().c_str(), &st) != 0 || st.st_uid != ::geteuid()) continue;
    if (budget == 0) break;
    RemoveOutcome out = RemoveTree(e.path(), budget);
    budget -= std::min(budget, std::max(out.looked, out.removed));
    if (out.stopped)
      fmt::print(stderr,
                 "netgrade: removed {} files and folders of what a netgrade that was killed left "
                 "in {}; the rest goes at the next start\n",
                 out.removed, Visible(e.path().string()));
    else if (!out.ok())
      fmt::print(stderr,
                 "netgrade: what a netgrade that was killed left could not all be removed ({} "
                 "entries left): {}\n",
                 out.left, out.failure);
  }
}

std::string TempTemplate(const std::string& what) {
  static std::once_flag cleaned;
  std::call_once(cleaned, RemoveStaleTempFiles);
  return (fs::temp_directory_path() / fmt::format("netgrade-{}-{}XXXXXX", ::getpid(), what))
      .string();
}

namespace {

// The empty mount points of bounded copies that are gone, kept for the next case's copy: a
// folder made and removed per case cost more than the copy itself where the temporary folder
// is on ext4 (its inode allocator skips the inodes it has just freed). Removed as the grader
// ends; a grader killed first leaves them to the next one's RemoveStaleTempFiles.
class KeptRoots {
 public:
  ~KeptRoots() { Release(); }
  void Release() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const fs::path& root : roots_) ::rmdir(root.c_str());
    roots_.clear();
  }
  std::optional<fs::path> Take() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (roots_.empty()) return std::nullopt;
    fs::path root = std::move(roots_.back());
    roots_.pop_back();
    return root;
  }
  // Keeps `root` when it is an empty folder and there is room; false otherwise.
  bool Keep(const fs::path& root) {
    std::error_code ec;
    if (!fs::is_empty(root, ec) || ec) return false;
    std::lock_guard<std::mutex> lock(mutex_);
    if (roots_.size() >= kMostKept) return false;
    roots_.push_back(root);
    return true;
  }

 private:
  static constexpr size_t kMostKept = 8;  // cases at once (--jobs), and some
  std::mutex mutex_;
  std::vector<fs::path> roots_;
};

KeptRoots& Roots() {
  static KeptRoots roots;
  return roots;
}

}  // namespace

fs::path TempBeside(const fs::path& dir) { return dir.parent_path() / "tmp"; }

void ReleaseKeptCopyRoots() { Roots().Release(); }

WorkCopy::WorkCopy(const fs::path& source, const CopyLimits& limits) {
  if (std::optional<fs::path> kept = Roots().Take()) {
    root_ = std::move(*kept);
  } else {
    std::string tmpl = TempTemplate("");
    if (::mkdtemp(tmpl.data()) == nullptr) throw SystemError("mkdtemp " + tmpl, errno);
    root_ = tmpl;
  }
  dir_ = root_ / "submission";
  try {
    bounded_ = MountCopySpace(root_, limits.max_bytes, limits.max_entries);
    if (::mkdir(tmp().c_str(), 0700) != 0) throw SystemError("mkdir " + tmp().string(), errno);
    CopySubmission(source, dir_, limits);
    if (bounded_) TightenCopySpace(root_);
  } catch (...) {
    Remove();
    throw;
  }
  RegisterCopy(dir_, root_, bounded_);
}

std::string WorkCopy::Remove() {
  if (root_.empty()) return "";
  ForgetCopy(dir_);
  std::string failure;
  // A tmpfs of its own goes whole, whatever it holds; the mount point is then empty.
  if (bounded_ && ::umount2(root_.c_str(), MNT_DETACH) != 0)
    failure = fmt::format("cannot unmount {}: {}", root_.string(), std::strerror(errno));
  // Unmounted, its mount point is the empty folder it was before the copy: the next one's.
  if (bounded_ && failure.empty() && Roots().Keep(root_)) {
    root_.clear();
    return "";
  }
  RemoveOutcome out = RemoveTree(root_);
  if (!out.ok()) failure += (failure.empty() ? "" : "; ") + out.failure;
  root_.clear();
  if (!failure.empty())
    fmt::print(stderr, "netgrade: the copy a case ran in could not be removed: {}\n", failure);
  return failure;
}

void WorkCopy::GiveTo(int uid, int gid) {
  // The root stays the grader's (so the program cannot remove the copy's parent), but the
  // program may enter it and owns its own files.
  ::chmod(root_.c_str(), 0711);
  ::lchown(dir_.c_str(), uid, gid);
  ::lchown(tmp().c_str(), uid, gid);
  for (const auto& e : fs::recursive_directory_iterator(dir_)) ::lchown(e.path().c_str(), uid, gid);
}

WorkCopy::~WorkCopy() { Remove(); }

plan::Program WorkCopy::Relocate(const plan::Program& program, const fs::path& source) const {
  plan::Program p = program;
  std::error_code ec1, ec2;
  fs::path folder = fs::weakly_canonical(fs::absolute(program.path).parent_path(), ec1);
  fs::path base = fs::weakly_canonical(fs::absolute(source), ec2);
  if (ec1 || ec2) return p;
  fs::path rel = folder.lexically_relative(base);
  if (rel.empty() || rel.begin()->string() == "..") return p;
  p.path = (dir_ / rel / program.path.filename()).lexically_normal();
  return p;
}

}  // namespace netgrade::sandbox
