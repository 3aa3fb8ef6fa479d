// The members of a Gradescope autograder zip: the two scripts Gradescope runs (setup.sh once
// when it builds the image, run_autograder for each submission, both from
// ci/templates/gradescope/), the spec, and what of netgrade's source setup.sh builds from:
// never an answer a student's code could take (reference/, tests/ with its fixtures and
// golden reports).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "harness/base/zip.h"

namespace netgrade::cli {

// The files (relative paths, sorted) of the source tree at `source`, of which BuildFiles
// keeps what a build needs: what git tracks when it is a git checkout (so nothing local — a build,
// a gradebook with students' names — goes into the bundle), else every regular file, leaving out
// dot-folders and build trees (a folder holding CMakeCache.txt). Links are left out either way.
std::vector<std::string> SourceFiles(const std::filesystem::path& source);

// Of `files` (paths relative to the source tree), the ones building the netgrade target takes
// (kBuildPaths), in their order. An allowlist, not a list of what to leave out: a folder added
// to the tree later (more fixtures, a held-out set) stays out of every bundle.
inline constexpr const char* kBuildPaths[] = {"CMakeLists.txt", "harness/", "ci/install-deps.sh"};
std::vector<std::string> BuildFiles(const std::vector<std::string>& files);

// The zip's members: setup.sh and run_autograder (0755) at the top, spec/<the spec's file
// name>, and netgrade/<each of BuildFiles(SourceFiles(source))> with its mode (0755 when
// executable, else 0644).
// Throws UsageError when the scripts or a source file cannot be read.
std::vector<ZipMember> GradescopeBundle(const std::filesystem::path& source,
                                        const std::filesystem::path& spec);

}  // namespace netgrade::cli
