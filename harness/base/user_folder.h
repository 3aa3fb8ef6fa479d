// Where netgrade keeps what outlives a run (Go's compiled library, a gradebook's record), by
// the XDG base-directory rules: the variable `override` when set (tests, an operator's
// choice), else `system` for root, else $`xdg`/netgrade, else ~/`under_home`/netgrade.
#pragma once

#include <filesystem>

namespace netgrade {

std::filesystem::path NetgradeFolder(const char* override, const char* system, const char* xdg,
                                     const char* under_home);

}  // namespace netgrade
