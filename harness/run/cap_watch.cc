#include "harness/run/cap_watch.h"

#include <utility>

#include "harness/base/proc.h"
#include "harness/run/rest_watch.h"

namespace netgrade::run {

CapWatch::CapWatch(Setup setup) : setup_(std::move(setup)) {
  if (setup_.max_memory_bytes > 0 || setup_.max_processes > 0) LookAgain();
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
  std::vector<pid_t> pids = setup_.pids();
  if (setup_.max_processes > 0 && static_cast<int>(pids.size()) >= setup_.max_processes)
    processes_hit_ = true;
  if (!memory_hit_ && setup_.max_memory_bytes > 0 &&
      AnonResidentBytes(pids) > setup_.max_memory_bytes) {
    memory_hit_ = true;
    if (setup_.over_memory) setup_.over_memory();
  }
  LookAgain();
}

}  // namespace netgrade::run
