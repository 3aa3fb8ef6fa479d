// Where a run's case cgroups go, looked at once: cgroup v2 under the grader's own group when
// its memory and pids controllers are (or can be) delegated, else v1's pids and memory
// hierarchies (root), else a cgroup2 without caps, else none, with why. Groups left by a
// netgrade that was killed are removed from there.
#pragma once

#include <string>

namespace netgrade::sandbox {

enum class CgroupVersion { kNone, kV1, kV2 };
const char* CgroupVersionName(CgroupVersion v);  // "none", "v1", "v2"

// Where the case groups of a run are made and what they can do.
struct CgroupPlace {
  CgroupVersion version = CgroupVersion::kNone;
  std::string pids_root, memory_root;  // v1: the two controllers' hierarchies
  std::string v2_parent;               // v2: the cgroup the case groups are made in
  bool caps_processes = false;         // the case groups get a process cap (pids)
  bool caps_memory = false;            // and a memory cap, without swap (memory)
  std::string why;                     // why there are none, or no caps; empty when full
  bool full() const { return version != CgroupVersion::kNone && caps_processes && caps_memory; }
};

// What the machine offers, looked at now: v2 under the grader's own cgroup when its memory
// and pids controllers are (or can be) enabled there; else v1 when its pids and memory
// hierarchies are mounted and writable (root); else v2 without caps when a cgroup2 is
// writable; else none. NETGRADE_CGROUP_ROOT names the v2 parent outright.
CgroupPlace ProbeCgroups();
// A v2 place under `parent`, an existing cgroup2 directory: its memory and pids controllers
// enabled for the case groups when it can (a cgroup holding processes cannot, unless it is
// the hierarchy's root).
CgroupPlace CgroupV2At(const std::string& parent);
// ProbeCgroups(), once per run.
const CgroupPlace& MachineCgroups();

// Empties and removes the groups at `place` whose netgrade is gone (cgroup_owner.h).
void RemoveStaleGroups(const CgroupPlace& place);

}  // namespace netgrade::sandbox
