// Per-case control groups (cgroup v1 pids and memory controllers, as mounted on these
// machines): a hard cap on processes and memory, what the program peaked at, and a
// reliable way to find and kill every process of the case, however it forked.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace netgrade::sandbox {

class CaseCgroup {
 public:
  // Creates netgrade-<pid>-<n> under each controller; nullptr when cgroups cannot be used
  // here (not root, not mounted): *why says so.
  static std::unique_ptr<CaseCgroup> Create(int max_processes, int64_t max_memory_bytes,
                                            std::string* why);
  ~CaseCgroup();  // kills what is left, then removes the groups
  CaseCgroup(const CaseCgroup&) = delete;
  CaseCgroup& operator=(const CaseCgroup&) = delete;

  // The files a new process writes its pid into to join (before exec).
  const std::vector<std::string>& procs_files() const { return procs_files_; }
  std::vector<pid_t> Pids() const;
  // SIGKILL until empty (bounded).
  void KillAll();
  // A fork failed because of the process cap.
  bool process_limit_hit() const;
  // The memory cap was reached at least once.
  bool memory_limit_hit() const;
  int max_processes() const { return max_processes_; }
  int64_t max_memory_bytes() const { return max_memory_bytes_; }

 private:
  CaseCgroup() = default;
  std::vector<std::string> dirs_;
  std::vector<std::string> procs_files_;
  std::string pids_dir_;
  std::string memory_dir_;
  int max_processes_ = 0;
  int64_t max_memory_bytes_ = 0;
};

// Kills every process in the cgroups of live CaseCgroups; only async-signal-safe calls.
void KillAllCaseCgroupsFromSignalHandler();

}  // namespace netgrade::sandbox
