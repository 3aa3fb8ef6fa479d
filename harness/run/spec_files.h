// Puts the files a spec gives (`files:`, spec::GivenFile) into a submission's copy, the
// folder its programs run in, before the build and every case: the cases' copies are made
// from it, so every sandbox mode (a tmpfs of its own or a folder on disk, root or not) sees
// them. The spec's file replaces a file or folder of the same name the student shipped.
#pragma once

#include <filesystem>
#include <string>

#include "harness/spec/spec.h"

namespace netgrade::run {

// Writes each given file for every role's folder under `dir` (its folders made, mode 0644 or
// 0444 when read-only); those the peer holds and those for some roles only are left out.
// Returns "" or what could not be written (the grader's failure: a full disk).
std::string PutGivenFiles(const spec::Spec& spec, const std::filesystem::path& dir);

// In the copy one case runs in: the given files for its role only (`roles:`), and nothing at
// the paths it expects the program to write (`expect: files`), so that a file the student
// shipped there does not pass for one the program wrote. Returns "" or what failed.
std::string PutCaseFiles(const spec::Spec& spec, const spec::Case& test,
                         const std::filesystem::path& dir);

}  // namespace netgrade::run
