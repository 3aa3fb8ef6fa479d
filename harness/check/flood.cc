#include "harness/check/flood.h"

#include <fmt/core.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness/base/text.h"
#include "harness/check/advice.h"
#include "harness/check/expected.h"

namespace netgrade::check {
namespace {

// What the case expects instead: the answers to every connection's messages (a listening
// role), or what the reference server must receive.
std::vector<std::string> ExpectedInstead(const observe::Observation& obs) {
  std::vector<std::string> expected;
  if (obs.role->listens) {
    for (const spec::Connection& c : obs.test->peer.connections) {
      std::vector<std::string> replies = ExpectedReplies(*obs.test, c.send);
      expected.insert(expected.end(), replies.begin(), replies.end());
    }
  } else {
    expected = ExpectedReceived(*obs.test);
  }
  return expected;
}

// How the role sends what it should, ending in the question a flood raises.
std::string SendingAdvice(const observe::Observation& obs, const SocketTerms& terms) {
  if (obs.role->listens) return terms.server_sends;
  if (!obs.test->peer.reply)
    return fmt::format(
        "Send each {} once, as one {}: is a send() in a loop "
        "that never ends?",
        FeedsStdin(*obs.test) ? "line of the input" : "message", terms.send_each_as);
  return fmt::format(
      "Send each {} once{} and wait for its answer before "
      "sending the next: is a send() in a loop that never ends?",
      FeedsStdin(*obs.test) ? "line of the input" : "message", terms.send_each_then_wait);
}

}  // namespace

Finding CheckRecordCap(const observe::Observation& obs, const SocketTerms& terms) {
  // Through a UDP proxy, a flood overflows the proxy's buffers first.
  bool cut = obs.proxy_bytes_from_student > peers::kRecordBytes;
  size_t messages = 0;
  for (const peers::ConnectionLog& c : obs.connections) {
    cut = cut || c.received_cut;
    messages += terms.datagrams
                    ? c.datagrams.size()
                    : static_cast<size_t>(std::count(c.received.begin(), c.received.end(), '\n'));
  }
  if (!cut) return Finding::Ok();
  std::string what = messages >= peers::kRecordMessages
                         ? fmt::format("more than {} {}s", peers::kRecordMessages, terms.message)
                         : fmt::format("more than {} MiB", peers::kRecordBytes >> 20);
  // Datagrams come on no connection.
  if (!terms.datagrams && obs.connections.size() > 1)
    what += fmt::format(" on {} connections", obs.connections.size());
  std::vector<std::string> expected = ExpectedInstead(obs);
  const std::string& unit = terms.message;
  std::string expects =
      expected.empty() ? ""
                       : fmt::format(", where this case expects {} {}{} ({}{})", expected.size(),
                                     unit, expected.size() == 1 ? "" : "s", Quote(expected.front()),
                                     expected.size() > 1 ? ", ..." : "");
  return Finding{.code = Code::kTooMuchData,
                 .cause = Say("{} sent {}{}: netgrade stopped recording there and ended "
                              "the case.",
                              obs.program.display_name, what, expects),
                 .fix = SendingAdvice(obs, terms)};
}

}  // namespace netgrade::check
