#include "harness/base/thresholds.h"

#include <cmath>

namespace netgrade {

Thresholds Thresholds::Scaled(double multiplier) const {
  auto scale = [multiplier](Ms d) {
    return Ms(std::llround(static_cast<double>(d.count()) * multiplier));
  };
  Thresholds t;
  t.stall_after_drop = scale(stall_after_drop);
  t.patience = scale(patience);
  t.linger = scale(linger);
  t.slice_wait_bound = scale(slice_wait_bound);
  t.hold_bound = scale(hold_bound);
  t.exit_grace = scale(exit_grace);
  t.unterminated_wait = scale(unterminated_wait);
  t.rest_for = scale(rest_for);
  t.spin_cpu = scale(spin_cpu);
  t.stop_grace = scale(stop_grace);
  t.multiplier = this->multiplier * multiplier;
  return t;
}

}  // namespace netgrade
