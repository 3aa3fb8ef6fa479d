// The private copy of a submission the programs run in, and the grader's temporary files.
#pragma once

#include <filesystem>
#include <string>

#include "harness/plan/submission.h"

namespace netgrade::sandbox {

// A private copy of a submission directory, so a program cannot change the original;
// removed on destruction. Symbolic links are copied as links, never followed.
// A mkstemp/mkdtemp template in the temporary directory that names this grader:
// "netgrade-<pid>-<what>XXXXXX". A netgrade killed before it could clean up leaves such
// files behind; the first call removes those of graders that are gone (ours by owner only).
std::string TempTemplate(const std::string& what);
// Removes what killed graders left in the temporary directory (TempTemplate's names only).
void RemoveStaleTempFiles();

class WorkCopy {
 public:
  explicit WorkCopy(const std::filesystem::path& source);
  ~WorkCopy();
  WorkCopy(const WorkCopy&) = delete;
  WorkCopy& operator=(const WorkCopy&) = delete;
  const std::filesystem::path& dir() const { return dir_; }
  // Hands the copy to the user the programs run as.
  void GiveTo(int uid, int gid);
  // The same program inside the copy.
  plan::Program Relocate(const plan::Program& program, const std::filesystem::path& source) const;

 private:
  std::filesystem::path root_;
  std::filesystem::path dir_;
};

}  // namespace netgrade::sandbox
