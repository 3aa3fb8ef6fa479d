#include "harness/check/peer_messages.h"

#include "harness/base/text.h"

namespace netgrade::check {

std::vector<std::string> MessagesOf(const peers::ConnectionLog& log, const SocketTerms& terms) {
  return terms.datagrams ? log.datagrams : SplitLines(log.received);
}

std::vector<std::string> AllSent(const observe::Observation& obs) {
  std::vector<std::string> all;
  for (const peers::ConnectionLog& c : obs.connections)
    all.insert(all.end(), c.sent.begin(), c.sent.end());
  return all;
}

}  // namespace netgrade::check
