#include "harness/kinds/icmp/ping_socket.h"

#include <fmt/core.h>

#include <filesystem>

#include "harness/base/text.h"
#include "harness/check/program_source.h"

namespace netgrade::icmp {
namespace fs = std::filesystem;

bool SlicesAPingSocketsReplyAt20(const observe::ProgramRun& run) {
  for (const fs::path& source : check::SourcesOf(run.program_path)) {
    if (source.extension() != ".py") continue;
    const std::string text = check::ReadSource(source);
    const bool icmp = text.find("IPPROTO_ICMP") != std::string::npos ||
                      text.find("getprotobyname(\"icmp\")") != std::string::npos ||
                      text.find("getprotobyname('icmp')") != std::string::npos;
    if (icmp && text.find("SOCK_DGRAM") != std::string::npos &&
        text.find("[20:28]") != std::string::npos)
      return true;
  }
  return false;
}

std::string PingSocketLine(const observe::ProgramRun& run) {
  for (const fs::path& source : check::SourcesOf(run.program_path)) {
    if (source.extension() != ".py") continue;
    std::string found;
    size_t number = 0;
    for (const std::string& line : SplitLines(check::ReadSource(source))) {
      ++number;
      const std::string code = line.substr(0, line.find('#'));
      if (code.find("SOCK_RAW") != std::string::npos) return "";
      const bool icmp = code.find("IPPROTO_ICMP") != std::string::npos ||
                        AsciiLower(code).find("icmp") != std::string::npos;
      if (found.empty() && icmp && code.find("SOCK_DGRAM") != std::string::npos)
        found = fmt::format("{}, line {}", source.filename().string(), number);
    }
    if (!found.empty()) return found;
  }
  return "";
}

const char* ExplainPingSocketSlice(const std::string& last, const std::string& code,
                                   const observe::ProgramRun& run) {
  if (last.find("unpack requires a buffer of 8 bytes") == std::string::npos ||
      (code.find("[20:28]") == std::string::npos && !SlicesAPingSocketsReplyAt20(run)))
    return nullptr;
  return "the reply was sliced at [20:28], past its end: a ping socket (SOCK_DGRAM with "
         "IPPROTO_ICMP) returns the ICMP message alone, without the 20-byte IP header a raw "
         "socket's reply begins with. Slice [0:8] on a ping socket (the time sent is then at "
         "[8:16]), or open a raw socket (SOCK_RAW).";
}

}  // namespace netgrade::icmp
