#include "harness/check/peer_messages.h"

#include "harness/base/text.h"

namespace netgrade::check {

bool IsUdp(const observe::Observation& obs) { return obs.spec->protocol == spec::Protocol::kUdp; }

std::vector<std::string> MessagesOf(const observe::Observation& obs,
                                    const peers::ConnectionLog& log) {
  return IsUdp(obs) ? log.datagrams : SplitLines(log.received);
}

std::vector<std::string> AllSent(const observe::Observation& obs) {
  std::vector<std::string> all;
  for (const peers::ConnectionLog& c : obs.connections)
    all.insert(all.end(), c.sent.begin(), c.sent.end());
  return all;
}

}  // namespace netgrade::check
