// One walk of a submission into the folder its cases run in: what is copied, and the
// layout errors that name, in a student's words, what is not.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace netgrade::sandbox {

// How much of a submission is copied: past either, the submission is a layout error. A
// course's socket programs with their sources and a few test files fit many times over;
// what does not is a build folder, a virtual environment or a data dump.
struct CopyLimits {
  uint64_t max_bytes = 64u << 20;  // the files' sizes added up (a sparse file at its full size)
  size_t max_entries = 2000;       // files and folders, the top folder not counted
};

// Copies `source` into `dest` (made here), within `limits`: only files and folders, walked
// without following links and opened with O_NOFOLLOW | O_NONBLOCK; see WorkCopy for what is
// a layout error (UsageError) and what is the grader's failure (SystemError).
void CopySubmission(const std::filesystem::path& source, const std::filesystem::path& dest,
                    const CopyLimits& limits);

}  // namespace netgrade::sandbox
