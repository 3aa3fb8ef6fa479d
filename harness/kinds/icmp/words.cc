// The ICMP kind in words, for `netgrade explain`: a role that sends ICMP itself, and a case's
// path of routers with what the wire does to it.
#include "harness/kinds/icmp/words.h"

#include <fmt/core.h>

#include "harness/kinds/icmp/spec_parts.h"
#include "harness/kinds/role_words.h"

namespace netgrade::icmp {

std::string RoleWords(const spec::Role& r) {
  bool host = false;
  for (const std::string& a : r.argv) host = host || a.find("{host}") != std::string::npos;
  return fmt::format(
      "{}{}; it sends ICMP itself (a raw socket, CAP_NET_RAW in its case's network only, or a "
      "ping socket)\n",
      kinds::RoleHeading(r),
      host ? "; {host} is the destination's address" : " (the host is written in the program)");
}

std::string CaseWords(const spec::Case& c) {
  const spec::IcmpPath* path = PathOf(c);
  if (!path) return "";
  const spec::IcmpPath& p = *path;
  auto list = [](const std::vector<int>& v) {
    std::string out;
    for (int n : v) out += (out.empty() ? "" : ", ") + std::to_string(n);
    return out;
  };
  std::string routers;
  for (const std::string& a : p.addresses) routers += (routers.empty() ? "" : ", ") + a;
  std::string out =
      fmt::format("    The path: {} router{} ({}) to {}", p.routers, p.routers == 1 ? "" : "s",
                  routers.empty() ? "their addresses drawn from the seed" : routers,
                  p.destination.empty() ? "a destination drawn from the seed" : p.destination);
  if (p.any_destination)
    out +=
        ", which answers every address the program pings (a name: the case's name server "
        "answers it with the destination's address)";
  if (p.unreachable) out += ", which the last router cannot reach: it answers ICMP type 3";
  if (!p.silent.empty()) out += "; router(s) " + list(p.silent) + " silent (no ICMP error)";
  if (p.delay_ms > 0 || p.jitter_ms > 0)
    out += fmt::format("; every answer delayed {} to {} ms", p.delay_ms, p.delay_ms + p.jitter_ms);
  if (!p.lose.empty()) out += "; the answer to request(s) " + list(p.lose) + " lost";
  if (!p.duplicate.empty()) out += "; the answer to request(s) " + list(p.duplicate) + " twice";
  if (!p.late.empty())
    out += "; the answer to request(s) " + list(p.late) + " late, right before the next request";
  if (!p.other_identifier.empty())
    out += "; another ping's reply (another identifier) right before request(s) " +
           list(p.other_identifier) + "'s";
  if (p.hop_loss > 0)
    out += fmt::format("; each router's ICMP errors lost at {:.0f}% (seeded)", p.hop_loss * 100);
  return out + ".\n";
}

std::string ExpectWords(const spec::Expect& e) {
  std::string out;
  if (const spec::EchoRequests* echo = EchoRequestsOf(e)) {
    const spec::EchoRequests& er = *echo;
    out += fmt::format(
        "    Expected: {}{} echo requests on the wire, one at a time (the next after the reply or "
        "1 s{}), each type 8 code 0 with a valid checksum, one identifier, {}{}.\n",
        er.keeps_pinging ? "the first " : "", er.count,
        er.pause_ms > 0 ? fmt::format(", and a pause of up to {} ms", er.pause_ms) : "",
        er.any_sequence ? "any sequence numbers"
                        : fmt::format("sequence numbers 1 to {} in either byte order", er.count),
        er.free_form     ? "; its k-th line that shows a time or a timeout is about request k, "
                           "the time (ms or s) at least the delay of its reply and at most 100 ms "
                           "over the round trip the wire saw"
        : er.round_trips ? "; each printed 'seq=<n> time=<ms> ms' at least the delay of its reply "
                           "and at most 100 ms over the round trip the wire saw"
                         : "");
    if (er.keeps_pinging)
      out += fmt::format("    It may go on pinging: the case ends when request {} goes.\n",
                         er.count + 1);
  }
  if (const spec::TtlProbes* ttl = TtlProbesOf(e))
    out += fmt::format(
        "    Expected: echo requests on the wire with TTL 1, 2, 3, ... (each the same TTL as the "
        "one before or one more), each type 8 code 0 with a valid checksum, {2}; at most {0} "
        "with one TTL, and {0} before going on to the next when none was answered{1}.\n",
        ttl->most_per_ttl,
        ttl->more_traces ? "; once the destination's echo reply came it may trace "
                           "again from TTL 1, and only its first trace is judged"
                         : "",
        ttl->any_identifier ? "any identifier" : "one identifier");
  return out;
}

}  // namespace netgrade::icmp
