#include "harness/base/which.h"

#include <unistd.h>

#include <cstdlib>

namespace netgrade {

std::string ResolveExecutable(const std::string& argv0) {
  if (argv0.find('/') != std::string::npos) return argv0;
  const char* env = std::getenv("PATH");
  std::string dirs = env ? env : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/" + argv0;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return argv0;
}

}  // namespace netgrade
