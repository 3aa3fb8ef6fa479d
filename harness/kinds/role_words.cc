#include "harness/kinds/role_words.h"

#include <fmt/core.h>

namespace netgrade::kinds {

std::string RoleHeading(const spec::Role& r) {
  std::string names;
  for (size_t i = 0; i < r.names.size(); ++i)
    names += (i == 0 ? "" : i + 1 == r.names.size() ? " or " : ", ") + r.names[i];
  std::string args;
  for (const std::string& a : r.argv) args += " " + a;
  return fmt::format(
      "  role {}: the program {} (an executable, or the same name with .py; letter case does not "
      "matter)\n"
      "    run with {}",
      r.name, names, args.empty() ? "no arguments" : "arguments" + args);
}

}  // namespace netgrade::kinds
