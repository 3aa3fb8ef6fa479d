#include "harness/base/user_folder.h"

#include <unistd.h>

#include <cstdlib>

namespace netgrade {

std::filesystem::path NetgradeFolder(const char* override, const char* system, const char* xdg,
                                     const char* under_home) {
  if (const char* dir = std::getenv(override); dir && *dir) return dir;
  if (::geteuid() == 0) return system;
  if (const char* base = std::getenv(xdg); base && base[0] == '/')
    return std::filesystem::path(base) / "netgrade";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && home[0] == '/' ? home : "/tmp") / under_home / "netgrade";
}

}  // namespace netgrade
