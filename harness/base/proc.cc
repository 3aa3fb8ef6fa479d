#include "harness/base/proc.h"

#include <dirent.h>
#include <signal.h>

#include <cerrno>
#include <fstream>
#include <string>

namespace netgrade {

std::vector<pid_t> DescendantsOf(pid_t root) {
  std::vector<pid_t> out;
  if (::kill(root, 0) != 0 && errno == ESRCH) return out;
  out.push_back(root);
  for (size_t i = 0; i < out.size(); ++i) {
    std::string tasks = "/proc/" + std::to_string(out[i]) + "/task";
    DIR* d = ::opendir(tasks.c_str());
    if (d == nullptr) continue;
    while (dirent* e = ::readdir(d)) {
      if (e->d_name[0] == '.') continue;
      std::ifstream in(tasks + "/" + e->d_name + "/children");
      for (pid_t child; in >> child;) out.push_back(child);
    }
    ::closedir(d);
  }
  return out;
}

}  // namespace netgrade
