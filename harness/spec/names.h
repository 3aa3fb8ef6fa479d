// Which names a spec may give its exercise, roles and cases: they end up in file names and
// paths, so only letters, digits, '-' and '_'.
#pragma once

#include <string>

namespace netgrade::spec {

// 1 to 80 letters, digits, '-' and '_'.
bool IsName(const std::string& s);

}  // namespace netgrade::spec
