#include "harness/run/settle_rules.h"

namespace netgrade::run {

bool QuietFor::Look(TimePoint now, size_t mark, const std::function<bool()>& quiet) {
  if (mark != mark_) {
    mark_ = mark;
    since_.reset();
    return false;
  }
  if (!quiet()) {
    since_.reset();
    return false;
  }
  if (!since_) since_ = now;
  return now - *since_ >= hold_;
}

bool CpuSpentSince::Look(int64_t cpu_ns, size_t mark) {
  if (mark != mark_ || !start_ns_) {
    mark_ = mark;
    start_ns_ = cpu_ns;
  }
  return cpu_ns - *start_ns_ >= budget_ns_;
}

bool NothingLeftButExit(const AfterInput& a) {
  return a.stdin_closed && !a.actions_pending && !a.input_pending && a.passes_if_it_exited;
}

}  // namespace netgrade::run
