#include "harness/proxy/receive_width.h"

namespace netgrade::proxy {

int ReceiveWidth::Ask() {
  if (batching_) return batch_;
  if (++since_probe_ < probe_every_) return 1;
  since_probe_ = 0;
  return batch_;
}

void ReceiveWidth::Got(int asked, int got) {
  if (asked == 1) return;
  if (got > 1) {
    batching_ = true;
    without_queue_ = 0;
  } else if (batching_ && ++without_queue_ >= leave_after_) {
    batching_ = false;
    without_queue_ = 0;
  }
}

}  // namespace netgrade::proxy
