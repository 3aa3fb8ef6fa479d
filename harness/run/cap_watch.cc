#include "harness/run/cap_watch.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "harness/base/proc.h"
#include "harness/run/rest_watch.h"
#include "harness/sandbox/copy_space.h"

namespace netgrade::run {

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
  std::vector<pid_t> pids;
  if (setup_.max_processes > 0 || setup_.max_memory_bytes > 0) pids = setup_.pids();
  if (setup_.max_processes > 0 && static_cast<int>(pids.size()) >= setup_.max_processes)
    processes_hit_ = true;
  if (!memory_hit_ && setup_.max_memory_bytes > 0 &&
      AnonResidentBytes(pids) > setup_.max_memory_bytes) {
    memory_hit_ = true;
    if (setup_.over_memory) setup_.over_memory();
  }
  if (setup_.loop->Now() >= next_disk_look_) LookAtDisk();
  LookAgain();
}

void CapWatch::LookAtDisk() {
  if (disk_hit_ || setup_.workdir.empty()) return;
  auto start = std::chrono::steady_clock::now();
  bool over = sandbox::CopyOverLimit(setup_.workdir);
  auto took = std::chrono::steady_clock::now() - start;
  next_disk_look_ =
      setup_.loop->Now() + std::chrono::duration_cast<Clock::duration>(
                               std::max<std::chrono::nanoseconds>(kRestLook, took * 10));
  if (!over) return;
  disk_hit_ = true;
  if (setup_.over_disk) setup_.over_disk();
}

}  // namespace netgrade::run
