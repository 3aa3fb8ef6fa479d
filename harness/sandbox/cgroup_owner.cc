#include "harness/sandbox/cgroup_owner.h"

#include <fmt/core.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace netgrade::sandbox {
namespace {

constexpr char kPrefix[] = "netgrade-";

unsigned long long OwnPidNamespace() {
  struct stat st{};
  if (::stat("/proc/self/ns/pid", &st) != 0) return 0;
  return static_cast<unsigned long long>(st.st_ino);
}

}  // namespace

std::string CgroupName(const std::string& what) {
  return fmt::format("{}{}-ns{}-{}", kPrefix, ::getpid(), OwnPidNamespace(), what);
}

bool OwnerIsGone(const std::string& name) {
  if (name.rfind(kPrefix, 0) != 0) return false;
  char* end = nullptr;
  long owner = std::strtol(name.c_str() + sizeof kPrefix - 1, &end, 10);
  if (owner <= 0 || *end != '-') return false;
  if (end[1] == 'n' && end[2] == 's') {
    char* ns_end = nullptr;
    unsigned long long ns = std::strtoull(end + 3, &ns_end, 10);
    if (ns_end == end + 3 || *ns_end != '-' || ns != OwnPidNamespace()) return false;
  }
  return ::kill(static_cast<pid_t>(owner), 0) != 0 && errno == ESRCH;
}

}  // namespace netgrade::sandbox
