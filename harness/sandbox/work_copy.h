// The private copy of a submission the programs run in, and the grader's temporary files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "harness/plan/submission.h"
#include "harness/sandbox/copy_space.h"
#include "harness/sandbox/submission_copy.h"

namespace netgrade::sandbox {

// A mkstemp/mkdtemp template in the temporary directory that names this grader:
// "netgrade-<pid>-<what>XXXXXX". A netgrade killed before it could clean up leaves such
// files behind; the first call removes those of graders that are gone (ours by owner only).
std::string TempTemplate(const std::string& what);
// Removes what killed graders left in the temporary directory (TempTemplate's names only),
// however deep or locked (RemoveTree), at most kStaleBudget entries a run so a hostile
// leftover cannot make every later start slow (a folder costs microseconds on a tmpfs, up to
// milliseconds on a busy disk): the rest goes at the next start. What cannot be removed is
// said on stderr. (A copy on a tmpfs of its own leaves only its empty mount point.)
void RemoveStaleTempFiles();
inline constexpr size_t kStaleBudget = 2000;

// A private copy of a submission directory, so a program cannot change the original;
// removed on destruction. Only files and folders are copied, walked without following
// links and opened with O_NOFOLLOW | O_NONBLOCK (so neither a FIFO nor a link can make the
// copy hang or read elsewhere); modes keep their rwx bits only. A link whose target stays
// inside the submission is copied as that target (a file, or a folder copied whole; a link
// to a folder that holds it is a loop). Throws UsageError, saying in a student's words
// which file and why, for what is not copied: a link leading outside the submission (or
// nowhere), a FIFO, socket or device, a file or folder the owner cannot read, and a
// submission past `limits` (naming what is large). Throws SystemError for the grader's own
// failure (no temporary directory, a full disk).
// The temporary folder of the copy whose folder is `dir` (WorkCopy::tmp()).
std::filesystem::path TempBeside(const std::filesystem::path& dir);

// Removes the empty mount points kept for the next copy (see WorkCopy::Remove): at the end
// of a grading, so that nothing of it is left in the temporary directory while the process
// goes on (a test, or a program that grades in-process). Also done as the process ends.
void ReleaseKeptCopyRoots();

class WorkCopy {
 public:
  explicit WorkCopy(const std::filesystem::path& source, const CopyLimits& limits = {});
  ~WorkCopy();
  WorkCopy(const WorkCopy&) = delete;
  WorkCopy& operator=(const WorkCopy&) = delete;
  const std::filesystem::path& dir() const { return dir_; }
  // The programs' temporary folder, beside the copy (TempBeside(dir())): removed with it.
  std::filesystem::path tmp() const { return root_ / "tmp"; }
  // A tmpfs of its own, sized to what was copied plus kCaseWrites (copy_space.h).
  bool bounded() const { return bounded_; }
  // Removes the copy now (the destructor does otherwise), whatever its programs made in it
  // (RemoveTree). Returns "" or what could not be removed, which is also said on stderr for
  // the operator: a failure is never silent.
  std::string Remove();
  // Hands the copy to the user the programs run as.
  void GiveTo(int uid, int gid);
  // The same program inside the copy: one whose folder (links resolved, but not the file's
  // own name) lies in `source`; any other program (--program naming a file elsewhere) as is.
  plan::Program Relocate(const plan::Program& program, const std::filesystem::path& source) const;

 private:
  std::filesystem::path root_;
  std::filesystem::path dir_;
  bool bounded_ = false;
};

}  // namespace netgrade::sandbox
