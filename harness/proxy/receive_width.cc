#include "harness/proxy/receive_width.h"

namespace netgrade::proxy {

int ReceiveWidth::Ask() {
  if (batching_) return batch_;
  if (++since_probe_ < probe_every_) return 1;
  since_probe_ = 0;
  return batch_;
}

void ReceiveWidth::Got(int asked, int got) {
  if (asked > 1) batching_ = got > 1;
}

}  // namespace netgrade::proxy
