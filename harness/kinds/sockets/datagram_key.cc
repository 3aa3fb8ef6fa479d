#include "harness/kinds/sockets/datagram_key.h"

#include <fmt/core.h>

#include <algorithm>

namespace netgrade::sockets {

std::vector<std::string> DatagramKey(const proxy::CaseProxy& proxy, const spec::Case& test,
                                     const std::string& fault_plan) {
  if (!proxy.udp()) return {};
  if (test.peer.resend_ms > 0) return {fault_plan};
  std::vector<std::string> key;
  for (const proxy::TranscriptEntry& e : proxy.transcript().entries())
    key.push_back(fmt::format("{} #{} {}",
                              e.direction == plan::Direction::kToStudent ? "to" : "from", e.index,
                              e.words.empty() ? proxy::ActionName(e.action) : e.words));
  std::sort(key.begin(), key.end());
  return key;
}

}  // namespace netgrade::sockets
