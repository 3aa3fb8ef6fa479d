// Where a case's copy of the submission (work_copy.h) lives, and how much its programs may
// write there: a size-limited tmpfs of its own where the grader can mount one, else the
// machine's disk, looked at.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace netgrade::sandbox {

// What the programs of a case (or a build step) may write in their copy, beyond what was
// copied. Where the grader has a mount namespace of its own (root, or a user namespace) the
// copy is a tmpfs of that size (writes past it fail with ENOSPC: "No space left on device");
// elsewhere the copy is on the machine's disk and a case's program is stopped when a look at
// it (CopyOverLimit) finds it past either.
struct WriteLimits {
  uint64_t bytes = 64u << 20;
  uint64_t entries = 10000;  // files, links and folders
};
inline constexpr WriteLimits kCaseWrites{};

// Once, while the grader has a single thread (the namespace probe, netns.cc): a mount
// namespace of the grader's own, whose mounts no other process sees and which ends with the
// grader however it ends, so the copies can be size-limited tmpfs mounts. False (and nothing
// changed) where that is refused or the grader already has threads.
bool TakePrivateMounts();

// Whether the copy whose dir() is `dir` is past kCaseWrites: for a tmpfs copy, it is (nearly)
// full; for one on the disk, a walk of it (MeasureTree) counts more. The walk costs about a
// microsecond per entry, at most kCaseWrites.entries of them.
bool CopyOverLimit(const std::string& dir);
// Whether that copy is a tmpfs of its own (the kernel bounds it; a look is one statvfs).
bool CopyIsBounded(const std::string& dir);

// A tmpfs on `root` (an empty folder of the grader's) with room for a copy of up to `bytes`
// in `entries` files and folders and kCaseWrites; false where no mount can be made (no
// TakePrivateMounts), the copy then being on the disk.
bool MountCopySpace(const std::filesystem::path& root, uint64_t bytes, uint64_t entries);
// Cuts the tmpfs on `root` to what it holds now plus kCaseWrites. Throws SystemError.
void TightenCopySpace(const std::filesystem::path& root);

// The copies alive, for CopyOverLimit: `dir` the folder the programs work in, `root` the
// tmpfs mount point when `bounded`. On the disk, what `dir` holds now is counted as copied.
void RegisterCopy(const std::filesystem::path& dir, const std::filesystem::path& root,
                  bool bounded);
void ForgetCopy(const std::filesystem::path& dir);

}  // namespace netgrade::sandbox
