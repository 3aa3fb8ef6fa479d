// The caps of a case whose program has no cgroup to hold it (a grader that is not root, a
// container without delegated controllers): its processes' own memory, summed and looked at
// every kRestLook, and whether it reached its process cap (which RLIMIT_NPROC enforces, in the
// case's own user namespace: the kernel says nothing of it). A sampled cap: between two looks
// each process is still held by its RLIMIT_DATA.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "harness/base/event_loop.h"

namespace netgrade::run {

class CapWatch {
 public:
  struct Setup {
    EventLoop* loop = nullptr;
    std::function<std::vector<pid_t>()> pids;  // the program's processes
    int64_t max_memory_bytes = 0;              // 0: memory is not watched
    int max_processes = 0;                     // 0: processes are not counted
    std::function<void()> over_memory;         // called once, when the sum went over
  };
  explicit CapWatch(Setup setup);
  ~CapWatch();
  CapWatch(const CapWatch&) = delete;
  CapWatch& operator=(const CapWatch&) = delete;

  bool memory_hit() const { return memory_hit_; }
  bool processes_hit() const { return processes_hit_; }

 private:
  void LookAgain();
  void Look();

  Setup setup_;
  uint64_t timer_ = 0;
  bool memory_hit_ = false;
  bool processes_hit_ = false;
};

}  // namespace netgrade::run
