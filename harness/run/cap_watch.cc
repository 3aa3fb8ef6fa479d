#include "harness/run/cap_watch.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "harness/base/held_memory.h"
#include "harness/run/rest_watch.h"
#include "harness/sandbox/copy_space.h"

namespace netgrade::run {
namespace {

// When a walk that took `took` is made again: at most a tenth of a CPU.
Clock::duration LookAfter(std::chrono::nanoseconds took) {
  return std::chrono::duration_cast<Clock::duration>(
      std::max<std::chrono::nanoseconds>(kRestLook, took * 10));
}

}  // namespace

CapWatch::CapWatch(Setup setup) : setup_(std::move(setup)) {
  if (setup_.max_memory_bytes > 0 || setup_.max_processes > 0 || !setup_.workdir.empty())
    LookAgain();
}

CapWatch::~CapWatch() {
  if (timer_) setup_.loop->Cancel(timer_);
}

void CapWatch::LookAgain() {
  timer_ = setup_.loop->Look(setup_.loop->Now() + kRestLook, [this] {
    timer_ = 0;
    Look();
  });
}

void CapWatch::Look() {
  if (setup_.max_processes > 0 || setup_.max_memory_bytes > 0) {
    std::vector<pid_t> pids = setup_.pids();
    Holdings held = HoldingsOf(pids);
    if (setup_.max_processes > 0 && held.tasks >= setup_.max_processes) processes_hit_ = true;
    if (!processes_stopped_ && setup_.max_processes > 0 && held.tasks > setup_.max_processes) {
      processes_stopped_ = true;
      if (setup_.over_processes) setup_.over_processes();
    }
    if (setup_.max_memory_bytes > 0 && setup_.loop->Now() >= next_files_look_) {
      auto start = std::chrono::steady_clock::now();
      in_files_ = TmpfsBytesHeldOpen(pids);
      next_files_look_ = setup_.loop->Now() + LookAfter(std::chrono::steady_clock::now() - start);
    }
    if (!memory_hit_ && setup_.max_memory_bytes > 0 &&
        held.mapped_bytes + in_files_ > setup_.max_memory_bytes) {
      memory_hit_ = true;
      if (setup_.over_memory) setup_.over_memory();
    }
  }
  if (setup_.loop->Now() >= next_disk_look_) LookAtDisk();
  LookAgain();
}

void CapWatch::LookAtDisk() {
  if (disk_hit_ || setup_.workdir.empty()) return;
  auto start = std::chrono::steady_clock::now();
  bool over = sandbox::CopyOverLimit(setup_.workdir);
  auto took = std::chrono::steady_clock::now() - start;
  next_disk_look_ = setup_.loop->Now() + LookAfter(took);
  if (!over) return;
  disk_hit_ = true;
  if (setup_.over_disk) setup_.over_disk();
}

}  // namespace netgrade::run
