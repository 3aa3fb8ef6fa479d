#include "harness/kinds/icmp/line_format.h"

#include <fmt/core.h>
#include <re2/re2.h>

#include <algorithm>
#include <sstream>

#include "harness/kinds/icmp/codes.h"
#include "harness/kinds/icmp/evidence.h"
#include "harness/kinds/icmp/ping_socket.h"
#include "harness/kinds/icmp/spec_parts.h"

namespace netgrade::icmp {

std::vector<std::string> HopsThatAnswered(const std::vector<WireRecord>& records) {
  std::vector<std::string> hops;
  for (const WireRecord& r : records) {
    if (!r.to_student || !r.written || !r.ipv4() || !r.packet.icmp) continue;
    const uint8_t type = r.packet.icmp->type;
    if (type != kTimeExceeded && type != kEchoReply && type != kUnreachable) continue;
    std::string from = AddressText(r.packet.source);
    if (std::find(hops.begin(), hops.end(), from) == hops.end()) hops.push_back(from);
  }
  return hops;
}

std::vector<PrintedHop> HopsPrinted(const std::string& text) {
  static const RE2 kAddress(R"((?:^|[^0-9.])(\d{1,3}(?:\.\d{1,3}){3})(?:$|[^0-9.]))");
  std::vector<PrintedHop> hops;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::string address;
    if (RE2::PartialMatch(line, kAddress, &address)) hops.push_back({address, line});
  }
  return hops;
}

namespace {

// Some line matches one of the case's `stdout_matches` patterns: the lines are in the lab's
// format, and what is wrong in them is something else (a hop taken from a late answer).
bool SomeLineInTheLabsFormat(const spec::Expect& e, const std::string& text) {
  for (const spec::LineRule& rule : e.stdout_rules) {
    if (rule.kind != spec::LineRule::Kind::kMatches) continue;
    RE2 re(rule.pattern, RE2::Quiet);
    std::istringstream in(text);
    for (std::string line; re.ok() && std::getline(in, line);)
      if (RE2::PartialMatch(line, re)) return true;
  }
  return false;
}

}  // namespace

check::Finding ExplainOwnLineFormat(const observe::Observation& obs,
                                    const check::Finding& content) {
  if (content.code != check::Code::kNoMatchingLine && content.code != check::Code::kLineCount)
    return check::Finding::Ok();
  const auto* seen = dynamic_cast<const Evidence*>(obs.kind.get());
  if (!seen || !seen->records || !TtlProbesOf(obs.test->expect)) return check::Finding::Ok();
  const std::vector<std::string> answered = HopsThatAnswered(*seen->records);
  const std::vector<PrintedHop> printed = HopsPrinted(obs.stdout_text);
  // Routers answered, and the program printed none of them: a ping socket, which the kernel
  // gives echo replies alone (a router's time exceeded goes to its error queue).
  bool router_answered = false;
  for (const WireRecord& r : *seen->records)
    router_answered = router_answered || (r.to_student && r.written && r.packet.icmp &&
                                          r.packet.icmp->type == kTimeExceeded);
  const bool router_printed = std::any_of(printed.begin(), printed.end(), [&](const PrintedHop& p) {
    return std::find(answered.begin(), answered.end(), p.address) != answered.end() &&
           p.address != seen->destination;
  });
  if (router_answered && !router_printed)
    if (std::string line = PingSocketLine(obs.program); !line.empty())
      return check::Finding{
          .code = content.code,
          .cause = check::Say("{} opens a ping socket (SOCK_DGRAM for ICMP, {}): the kernel "
                              "gives a ping socket echo replies alone, never a router's time "
                              "exceeded, so every TTL before the destination times out.",
                              obs.program.display_name, line),
          .evidence = content.cause,
          .fix =
              "Open a raw socket (socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) to read the "
              "routers' answers.",
          .notes = content.notes};
  if (answered.empty() || printed.empty() || printed.back().address != answered.back() ||
      SomeLineInTheLabsFormat(obs.test->expect, obs.stdout_text))
    return check::Finding::Ok();
  // Each printed hop one that answered, in the order they answered, each once, the destination
  // last (a hop that answered only late, after its requests' timeouts, is rightly left out).
  size_t next = 0;
  for (const PrintedHop& p : printed) {
    auto at =
        std::find(answered.begin() + static_cast<std::ptrdiff_t>(next), answered.end(), p.address);
    if (at == answered.end()) return check::Finding::Ok();
    next = static_cast<size_t>(at - answered.begin()) + 1;
  }
  std::string order;
  for (size_t i = 0; i < printed.size(); ++i)
    order += (i == 0 ? "" : i + 1 == printed.size() ? ", then " : ", ") + printed[i].address;
  return check::Finding{
      .code = icmp::Codes::kOwnLineFormat,
      .cause = check::Say("{} found the hops in order ({}), but prints its lines in a format of "
                          "its own, not the one this lab asks for.",
                          obs.program.display_name, order),
      .evidence =
          fmt::format("Its line for {} is '{}'.", printed.front().address, printed.front().line),
      .fix = content.fix.empty() ? "Print each line as the case's patterns ask ('netgrade explain' "
                                   "shows them): the routers are already right."
                                 : content.fix,
      .notes = content.notes};
}

}  // namespace netgrade::icmp
