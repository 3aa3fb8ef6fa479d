#include "harness/kinds/icmp/own_echoes.h"

#include <sstream>
#include <vector>

#include "harness/base/file.h"
#include "harness/base/text.h"

namespace netgrade::icmp {

std::optional<uint64_t> IcmpCounter(const std::string& snmp, const std::string& name) {
  // Two "Icmp:" lines: the counters' names, then their values, in the same order.
  std::vector<std::string> names, values;
  for (const std::string& line : SplitLines(snmp)) {
    if (line.rfind("Icmp: ", 0) != 0) continue;
    std::vector<std::string>& into = names.empty() ? names : values;
    std::istringstream words(line.substr(6));
    for (std::string w; words >> w;) into.push_back(w);
    if (!values.empty()) break;
  }
  for (size_t i = 0; i < names.size() && i < values.size(); ++i)
    if (names[i] == name) {
      try {
        return std::stoull(values[i]);
      } catch (const std::exception&) {
        return std::nullopt;
      }
    }
  return std::nullopt;
}

OwnHostIcmp ReadOwnHostIcmp(const sandbox::NetNamespace& ns) {
  sandbox::NetNamespace::Scope in(&ns);
  // The calling thread's namespace: /proc/net is the process's.
  std::optional<std::string> snmp = ReadFile("/proc/thread-self/net/snmp", 1 << 16);
  if (!snmp) return {};
  return {.echoes_answered = IcmpCounter(*snmp, "InEchos").value_or(0),
          .bad_checksums = IcmpCounter(*snmp, "InCsumErrors").value_or(0)};
}

}  // namespace netgrade::icmp
