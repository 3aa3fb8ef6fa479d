// What a program's processes hold, as a watcher without a cgroup counts it (run/cap_watch.h):
// their tasks and the memory a memory cgroup would charge them for that /proc shows.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netgrade {

struct Holdings {
  int tasks = 0;  // threads included: RLIMIT_NPROC and pids.max count tasks
  // Resident memory of their address spaces: anonymous (heap, stacks) and shared (MAP_SHARED
  // anonymous, mapped tmpfs and memfd files): RssAnon + RssShmem, not the files' page cache.
  int64_t mapped_bytes = 0;
};

// One process's, from the text of /proc/<pid>/status; nullopt when malformed.
std::optional<Holdings> ParseStatusHoldings(const std::string& status_text);
// The sum over `pids` (a process gone counts nothing).
Holdings HoldingsOf(const std::vector<pid_t>& pids);

// The bytes of the tmpfs files `pids` hold open (memfd_create's among them: memory no
// address space shows until mapped), each file once however many descriptors hold it. A
// walk of their descriptors: costs a few microseconds a descriptor.
int64_t TmpfsBytesHeldOpen(const std::vector<pid_t>& pids);

}  // namespace netgrade
