// The caps of a case whose program has no cgroup to hold it (a grader that is not root, a
// container without delegated controllers), looked at every kRestLook: the memory its
// processes hold (base/held_memory.h: what their address spaces hold, anonymous and shared,
// and the tmpfs and memfd files they hold open, those looked at less often the longer the
// walk takes), and its tasks. At its process cap it says so (RLIMIT_NPROC, in the case's own
// user namespace, stops it there and says nothing); past it (no kernel cap held it) it calls
// over_processes. A sampled cap: between two looks each process is still held by its
// RLIMIT_DATA, and what the kernel holds outside every address space and file (pipe and
// socket buffers) is not counted.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "harness/base/event_loop.h"

namespace netgrade::run {

class CapWatch {
 public:
  struct Setup {
    EventLoop* loop = nullptr;
    std::function<std::vector<pid_t>()> pids;  // the program's processes
    int64_t max_memory_bytes = 0;              // 0: memory is not watched
    int max_processes = 0;                     // tasks; 0: not counted
    std::function<void()> over_memory;         // called once, when the sum went over
    std::function<void()> over_processes;      // called once, past max_processes
    // The copy the program works in, looked at with sandbox::CopyOverLimit (a tmpfs copy:
    // one statvfs; a copy on the disk: a walk, looked at less often the longer it takes, so
    // it costs at most a tenth of a CPU). Empty: not looked at.
    std::string workdir;
    std::function<void()> over_disk;  // called once, when it went past
  };
  explicit CapWatch(Setup setup);
  ~CapWatch();
  CapWatch(const CapWatch&) = delete;
  CapWatch& operator=(const CapWatch&) = delete;

  bool memory_hit() const { return memory_hit_; }
  bool processes_hit() const { return processes_hit_; }
  bool processes_stopped() const { return processes_stopped_; }  // over_processes was called
  bool disk_hit() const { return disk_hit_; }
  // Looks at the copy now (when the case ends, a look between two samples may be missing).
  void LookAtDisk();

 private:
  void LookAgain();
  void Look();

  Setup setup_;
  uint64_t timer_ = 0;
  bool memory_hit_ = false;
  bool processes_hit_ = false;
  bool processes_stopped_ = false;
  int64_t in_files_ = 0;  // tmpfs bytes held open, at the last walk
  TimePoint next_files_look_{};
  bool disk_hit_ = false;
  TimePoint next_disk_look_{};
};

}  // namespace netgrade::run
