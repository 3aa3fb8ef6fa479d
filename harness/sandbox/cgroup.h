// Per-case control groups: a hard cap on processes and memory, and a reliable way to find
// and kill every process of the case, however it forked. On cgroup v2 (a cgroup2 hierarchy
// with the memory and pids controllers delegated to the grader, as on Debian 12, Ubuntu and
// GitHub runners) or cgroup v1 (separate pids and memory hierarchies); v2 is preferred when
// it has both controllers. A cgroup2 hierarchy without them still tracks and kills the
// case's processes, without the caps.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/sandbox/cgroup_place.h"

namespace netgrade::sandbox {

class CaseCgroup {
 public:
  // Creates netgrade-<pid>-<n> where MachineCgroups() says. nullptr when the machine has no
  // usable cgroups (not root and nothing delegated, not mounted, read-only): *why says so.
  // Throws SystemError when a step that should work fails (the group cannot be made or
  // capped): the grader's problem, never the student's.
  static std::unique_ptr<CaseCgroup> Create(int max_processes, int64_t max_memory_bytes,
                                            std::string* why);
  static std::unique_ptr<CaseCgroup> Create(const CgroupPlace& place, int max_processes,
                                            int64_t max_memory_bytes, std::string* why);
  ~CaseCgroup();  // kills what is left, then removes the groups
  CaseCgroup(const CaseCgroup&) = delete;
  CaseCgroup& operator=(const CaseCgroup&) = delete;

  CgroupVersion version() const { return version_; }
  const std::string& dir() const { return dirs_.front(); }  // v1: the pids group
  // The files a new process writes its pid into to join (before exec).
  const std::vector<std::string>& procs_files() const { return procs_files_; }
  // Whether `pid` (alive, or exited and not yet reaped) is in every group of the case: a
  // child that reported a failure before exec tells so whether it had joined. (v1 shows an
  // exited process in no group: the pids group still counts it, so for v1 and an exited
  // process this says whether the group holds any process, which is right for the case's
  // first one.)
  bool Holds(pid_t pid) const;
  std::vector<pid_t> Pids() const;
  // Kills everything in the group (v2: cgroup.kill, then waits, bounded, for cgroup.events to
  // say "populated 0"; v1: SIGKILL until empty).
  void KillAll();
  // How many KillAll() calls killed through cgroup.kill (v2, Linux 5.14 and later).
  int cgroup_kills() const { return cgroup_kills_; }
  // v2: the group holds no live process (cgroup.events "populated 0"); v1: Pids() is empty.
  bool Empty() const;
  // A fork failed because of the process cap (pids.events "max").
  bool process_limit_hit() const;
  // The memory cap was reached at least once (v1 failcnt or oom_kill; v2 memory.events
  // oom_kill).
  bool memory_limit_hit() const;
  int max_processes() const { return max_processes_; }
  int64_t max_memory_bytes() const { return max_memory_bytes_; }
  bool caps_processes() const { return caps_processes_; }
  bool caps_memory() const { return caps_memory_; }

 private:
  CaseCgroup() = default;
  bool WaitEmpty(std::chrono::milliseconds limit) const;
  CgroupVersion version_ = CgroupVersion::kNone;
  std::vector<std::string> dirs_;
  std::vector<std::string> procs_files_;
  std::vector<std::string> paths_;  // as /proc/<pid>/cgroup names them, one per group
  std::string pids_dir_;            // where pids.events is
  std::string memory_dir_;          // where memory.events (and v1 failcnt) is
  int max_processes_ = 0;
  int64_t max_memory_bytes_ = 0;
  bool caps_processes_ = false;
  bool caps_memory_ = false;
  int cgroup_kills_ = 0;
};

// Kills every process in the cgroups of live CaseCgroups; only async-signal-safe calls.
void KillAllCaseCgroupsFromSignalHandler();

}  // namespace netgrade::sandbox
