#include "harness/check/restart_checks.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>

#include "harness/base/text.h"
#include "harness/check/causes.h"
#include "harness/check/language_words.h"
#include "harness/check/program.h"

namespace netgrade::check {
namespace {

bool HasNoCase(std::string_view text, std::string_view word) {
  auto it = std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

// Where the program was to listen: the port it was given, or the one it used instead.
uint16_t PortOf(const observe::Observation& obs) {
  return obs.listened_port ? obs.listened_port : obs.port;
}

}  // namespace

std::optional<std::string> AddressInUseLine(std::string_view stderr_text) {
  size_t start = 0;
  while (start < stderr_text.size()) {
    size_t end = stderr_text.find('\n', start);
    if (end == std::string_view::npos) end = stderr_text.size();
    std::string_view line = stderr_text.substr(start, end - start);
    if (HasNoCase(line, "address already in use") || HasNoCase(line, "EADDRINUSE") ||
        line.find("[Errno 98]") != std::string_view::npos)
      return std::string(line);
    start = end + 1;
  }
  return std::nullopt;
}

Finding CheckRestart(const observe::Observation& obs, const SocketTerms& terms) {
  const observe::Restart& r = obs.restart;
  if (!r.not_listening) return Finding::Ok();
  const std::string& name = obs.program.display_name;
  if (!r.address_in_use.empty())
    return Finding{
        .code = Code::kAddressInUse,
        .cause = Say("Started again after netgrade stopped it, {} could not listen again "
                     "on port {}: Address already in use; {}.",
                     name, PortOf(obs), ReuseAddress(obs.program.program_path)),
        .evidence = Say(
            "The connection the stopped server had open is still closing on that port (the "
            "kernel keeps it a while after the program is gone: FIN_WAIT2 while the client is "
            "connected, then TIME_WAIT), and without SO_REUSEADDR bind() refuses the port until "
            "it has gone (a minute or more). It said: {}",
            Quote(r.address_in_use, 120))};
  Phrase lead =
      Say("Started again after netgrade stopped it, {} was not listening "
          "on port {} again within {:.1f} s:",
          name, PortOf(obs), r.within_ms / 1000.0);
  const std::string fix = "A server must be able to start again at once on the same port.";
  Finding crash = r.exited ? CrashOf(obs, terms) : Finding::Ok();
  if (!crash.ok())  // the crash's own cause ends the sentence; the rest of it is evidence
    return Finding{.code = Code::kNotListeningAgain,
                   .cause = JoinParts({lead, crash.cause}),
                   .evidence = crash.Rest(),
                   .fix = fix};
  return Finding{.code = Code::kNotListeningAgain,
                 .cause = JoinParts({lead, r.exited ? Say("it {} first.", DescribeExit(obs.program))
                                                    : Say("it was still running after {:.1f} s.",
                                                          r.within_ms / 1000.0)}),
                 .fix = fix};
}

}  // namespace netgrade::check
