// After a case's part is played: the files its program was to write (`expect: files`), read
// from its folder for check/written_files.h, bounded by what the comparison needs.
#pragma once

#include <filesystem>

#include "harness/observe/observation.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

// Fills obs->written_files, obs->folder_files and obs->files_looked for the case `obs->test`
// from `dir`, the folder its program ran in. Nothing for a case that expects no file. Links
// are not followed: a link at an expected path is no file.
void LookAtWrittenFiles(const std::filesystem::path& dir, observe::Observation* obs);

}  // namespace netgrade::run
