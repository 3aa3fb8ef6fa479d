#include "harness/sandbox/copy_space.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <map>
#include <mutex>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/base/file.h"
#include "harness/base/remove_tree.h"

namespace netgrade::sandbox {
namespace fs = std::filesystem;

namespace {

// Every copy alive, by dir(): its root (a tmpfs mount point when bounded) and, on the disk,
// what it held when copied (the room it may write is counted beyond that).
struct Registered {
  std::string root;
  bool bounded = false;
  TreeSize copied;
};
std::mutex copies_mutex;
std::map<std::string, Registered> copies;
bool private_mounts = false;

bool SingleThreaded() {
  std::string status = ReadFile("/proc/self/status").value_or("");
  return status.find("\nThreads:\t1\n") != std::string::npos;
}

}  // namespace

bool MountCopySpace(const fs::path& root, uint64_t bytes, uint64_t entries) {
  if (!private_mounts) return false;
  // A page at least for each file.
  std::string options =
      fmt::format("mode=0700,size={},nr_inodes={}", bytes + entries * 4096 + kCaseWrites.bytes,
                  entries + 16 + kCaseWrites.entries);
  return ::mount("tmpfs", root.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0;
}

void TightenCopySpace(const fs::path& root) {
  struct statvfs v;
  CheckSys(::statvfs(root.c_str(), &v), "statvfs working copy");
  uint64_t used = static_cast<uint64_t>(v.f_blocks - v.f_bfree) * v.f_frsize;
  uint64_t files = static_cast<uint64_t>(v.f_files - v.f_ffree);
  std::string options =
      fmt::format("size={},nr_inodes={}", used + kCaseWrites.bytes, files + kCaseWrites.entries);
  CheckSys(
      ::mount("tmpfs", root.c_str(), "tmpfs", MS_REMOUNT | MS_NOSUID | MS_NODEV, options.c_str()),
      "remount the working copy's tmpfs");
}

bool TakePrivateMounts() {
  static bool tried = false;
  if (tried) return private_mounts;
  tried = true;
  if (!SingleThreaded()) return false;
  Fd original(::open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC));
  if (::unshare(CLONE_NEWNS) != 0) return false;
  // Slave: the machine's mounts still reach the grader, the grader's reach nobody.
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) != 0) {
    if (original) ::setns(original.get(), CLONE_NEWNS);
    return false;
  }
  private_mounts = true;
  return true;
}

bool CopyIsBounded(const std::string& dir) {
  std::lock_guard<std::mutex> lock(copies_mutex);
  auto it = copies.find(dir);
  return it != copies.end() && it->second.bounded;
}

bool CopyOverLimit(const std::string& dir) {
  Registered copy;
  {
    std::lock_guard<std::mutex> lock(copies_mutex);
    auto it = copies.find(dir);
    if (it == copies.end()) return false;
    copy = it->second;
  }
  if (copy.bounded) {
    // Full but for a few pages or entries: a write or a mkdir has failed, or is about to.
    struct statvfs v;
    if (::statvfs(copy.root.c_str(), &v) != 0) return false;
    return static_cast<uint64_t>(v.f_bavail) * v.f_frsize < (256u << 10) || v.f_favail < 4;
  }
  // The whole copy's root: the copy and the programs' temporary folder (TMPDIR) beside it.
  return MeasureTree(copy.root, copy.copied.bytes + kCaseWrites.bytes,
                     copy.copied.entries + kCaseWrites.entries)
      .over;
}

void RegisterCopy(const fs::path& dir, const fs::path& root, bool bounded) {
  Registered copy{root.string(), bounded, {}};
  if (!bounded) copy.copied = MeasureTree(root, UINT64_MAX, UINT64_MAX);
  std::lock_guard<std::mutex> lock(copies_mutex);
  copies[dir.string()] = copy;
}

void ForgetCopy(const fs::path& dir) {
  std::lock_guard<std::mutex> lock(copies_mutex);
  copies.erase(dir.string());
}

}  // namespace netgrade::sandbox
