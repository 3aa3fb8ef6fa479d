#include "harness/sandbox/cgroup_place.h"

#include <fmt/core.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <utility>
#include <vector>

#include "harness/base/file.h"
#include "harness/sandbox/cgroup_fs.h"
#include "harness/sandbox/cgroup_owner.h"

namespace netgrade::sandbox {
namespace fs = std::filesystem;
using namespace cgroup_fs;
namespace {

constexpr const char* kPidsRoot = "/sys/fs/cgroup/pids";
constexpr const char* kMemoryRoot = "/sys/fs/cgroup/memory";

// Enables `controller` for the groups below `parent`; 0 or the errno. A cgroup that holds
// processes cannot (EBUSY) unless it is the root: when the grader is alone in it, it moves
// into a leaf of its own (CgroupName("grader")) first.
int EnableController(const std::string& parent, const std::string& controller) {
  if (Words(ReadCgroupFile(parent + "/cgroup.subtree_control")).count(controller)) return 0;
  if (!Words(ReadCgroupFile(parent + "/cgroup.controllers")).count(controller)) return ENOENT;
  int e = WriteCgroupFile(parent + "/cgroup.subtree_control", "+" + controller);
  if (e != EBUSY) return e;
  std::vector<pid_t> here = ReadPids(parent + "/cgroup.procs");
  if (here != std::vector<pid_t>{::getpid()}) return e;
  std::string leaf = parent + "/" + CgroupName("grader");
  if (::mkdir(leaf.c_str(), 0755) != 0 && errno != EEXIST) return e;
  if (WriteCgroupFile(leaf + "/cgroup.procs", std::to_string(::getpid())) != 0) return e;
  return WriteCgroupFile(parent + "/cgroup.subtree_control", "+" + controller);
}

// The grader's own cgroup in the cgroup2 hierarchy, as a directory; "" when there is none.
std::string OwnV2Cgroup(const CgroupMount& mount) {
  std::istringstream in(ReadCgroupFile("/proc/self/cgroup"));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("0::", 0) != 0) continue;
    std::string path = line.substr(3);
    if (!Under(path, mount.root)) return "";
    std::string below = mount.root == "/" ? path : path.substr(mount.root.size());
    return below == "/" ? mount.point : mount.point + below;
  }
  return "";
}

}  // namespace

const char* CgroupVersionName(CgroupVersion v) {
  switch (v) {
    case CgroupVersion::kV1:
      return "v1";
    case CgroupVersion::kV2:
      return "v2";
    case CgroupVersion::kNone:
      break;
  }
  return "none";
}

CgroupPlace CgroupV2At(const std::string& parent) {
  CgroupPlace p;
  p.v2_parent = parent;
  if (!fs::exists(fs::path(parent) / "cgroup.subtree_control")) {
    p.why = fmt::format("{} is not a cgroup2 directory", parent);
    return p;
  }
  if (::access(parent.c_str(), W_OK) != 0 ||
      ::access((parent + "/cgroup.procs").c_str(), W_OK) != 0) {
    p.why = fmt::format("{} is not writable ({})", parent, std::strerror(errno));
    return p;
  }
  p.version = CgroupVersion::kV2;
  int pids = EnableController(parent, "pids");
  int memory = EnableController(parent, "memory");
  p.caps_processes = pids == 0;
  p.caps_memory = memory == 0;
  std::vector<std::string> missing;
  for (auto [name, e] : {std::pair{"pids", pids}, std::pair{"memory", memory}})
    if (e != 0)
      missing.push_back(fmt::format("{} ({})", name,
                                    e == ENOENT  ? "not delegated"
                                    : e == EBUSY ? "the grader's cgroup holds other processes"
                                                 : std::strerror(e)));
  if (!missing.empty())
    p.why = fmt::format("cgroup v2 at {} without the {} controller{}", parent,
                        missing.size() == 1 ? missing[0] : missing[0] + " and " + missing[1],
                        missing.size() == 1 ? "" : "s");
  return p;
}

CgroupPlace ProbeCgroups() {
  if (const char* root = std::getenv("NETGRADE_CGROUP_ROOT"); root && *root) {
    CgroupPlace p = CgroupV2At(root);
    if (p.version == CgroupVersion::kNone) p.why = "NETGRADE_CGROUP_ROOT: " + p.why;
    return p;
  }
  CgroupPlace v2;
  v2.why = "no cgroup2 hierarchy mounted";
  for (const CgroupMount& m : CgroupMounts()) {
    if (!m.v2) continue;
    std::string own = OwnV2Cgroup(m);
    if (own.empty()) continue;
    v2 = CgroupV2At(own);
    break;
  }
  if (v2.full()) return v2;
  CgroupPlace v1;
  v1.pids_root = kPidsRoot;
  v1.memory_root = kMemoryRoot;
  if (!fs::exists(fs::path(kPidsRoot) / "cgroup.procs") ||
      !fs::exists(fs::path(kMemoryRoot) / "cgroup.procs")) {
    v1.why = "the cgroup v1 pids and memory controllers are not mounted";
  } else if (::geteuid() != 0) {
    v1.why = "cgroup v1 needs root";
  } else if (::access(kPidsRoot, W_OK) != 0 || ::access(kMemoryRoot, W_OK) != 0) {
    v1.why = fmt::format("cgroup v1 is not writable ({})", std::strerror(errno));
  } else {
    v1.version = CgroupVersion::kV1;
    v1.caps_processes = v1.caps_memory = true;
    return v1;
  }
  if (v2.version == CgroupVersion::kV2) return v2;  // tracks and kills; no caps
  CgroupPlace none;
  none.why = v2.why + "; " + v1.why;
  return none;
}

const CgroupPlace& MachineCgroups() {
  static const CgroupPlace place = ProbeCgroups();
  return place;
}

void RemoveStaleGroups(const CgroupPlace& place) {
  std::vector<std::pair<std::string, bool>> parents;  // (directory, v2)
  if (place.version == CgroupVersion::kV1)
    parents = {{place.pids_root, false}, {place.memory_root, false}};
  if (place.version == CgroupVersion::kV2) parents = {{place.v2_parent, true}};
  for (const auto& [parent, v2] : parents) {
    for (const std::string& name : DirNames(parent)) {
      if (!OwnerIsGone(name)) continue;
      std::string dir = parent + "/" + name;
      if (v2) {
        KillV2(dir);
        for (const std::string& d : Subtree(dir)) ::rmdir(d.c_str());
      } else {
        for (pid_t p : ReadPids(dir + "/cgroup.procs")) ::kill(p, SIGKILL);
        ::rmdir(dir.c_str());  // fails while a killed process is still leaving; next time
      }
    }
  }
}

}  // namespace netgrade::sandbox
