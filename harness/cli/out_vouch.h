// What a batch or a merge says of its OUT once written (run/gradebook_vouch.h).
#pragma once

#include <filesystem>
#include <optional>

#include "harness/run/gradebook_vouch.h"

namespace netgrade::cli {

// Vouches for OUT: records what this run wrote there (with what `earlier`, a resumed run's
// record, still holds), compares OUT with it and says so on stderr. kExitInternal when OUT
// changed after netgrade wrote it (a program of the class got out), else `status`. With
// `resume` and no earlier record (a run killed before it kept one), the files it kept are
// vouched for as they are.
int VouchForOut(const std::filesystem::path& out, const std::optional<run::Vouch>& earlier,
                bool resume, int status);

}  // namespace netgrade::cli
