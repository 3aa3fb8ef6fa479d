// The ICMP kind in words, for `netgrade explain`: a role that sends ICMP itself, and a case's
// path of routers with what the wire does to it.
#include "harness/kinds/icmp/words.h"

#include <fmt/core.h>

namespace netgrade::icmp {

std::string RoleWords(const spec::Role& r) {
  std::string names;
  for (size_t i = 0; i < r.names.size(); ++i)
    names += (i == 0 ? "" : i + 1 == r.names.size() ? " or " : ", ") + r.names[i];
  std::string args;
  bool host = false;
  for (const std::string& a : r.argv) {
    args += " " + a;
    host = host || a.find("{host}") != std::string::npos;
  }
  return fmt::format(
      "  role {}: the program {} (an executable, or the same name with .py; letter case does not "
      "matter)\n"
      "    run with {}{}; it sends ICMP itself (a raw socket, CAP_NET_RAW in its case's network "
      "only, or a ping socket)\n",
      r.name, names, args.empty() ? "no arguments" : "arguments" + args,
      host ? "; {host} is the destination's address" : " (the host is written in the program)");
}

std::string CaseWords(const spec::Case& c) {
  if (!c.path) return "";
  const spec::IcmpPath& p = *c.path;
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

}  // namespace netgrade::icmp
