#include "harness/check/received.h"

#include <fmt/core.h>

#include <string>
#include <vector>

#include "harness/base/text.h"
#include "harness/check/advice.h"
#include "harness/check/expected.h"
#include "harness/check/messages.h"
#include "harness/check/nul_padding.h"
#include "harness/check/peer_messages.h"
#include "harness/check/port_advice.h"
#include "harness/check/timeout_note.h"

namespace netgrade::check {
namespace {

// No message reached the reference server: it never connected or sent a datagram there.
Finding NothingReceived(const observe::Observation& obs, const SocketTerms& terms) {
  // Its datagrams may have gone where the grader could not see them (another port on a
  // shared loopback): then it is not said that it sent none.
  Finding f{.code = Code::kNeverConnected};
  if (terms.datagrams && !obs.sends_visible)
    f.cause = Say("No datagram from {} reached the reference server at port {}, {}.",
                  obs.program.display_name, CasePort{obs.port}, PortOrigin(obs));
  else
    f.cause = Say("{} never {} the reference server at port {}, {}.", obs.program.display_name,
                  terms.contacted, CasePort{obs.port}, PortOrigin(obs));
  f.AddNote(TimeoutNote(obs));
  return f;
}

}  // namespace

Finding CheckReceived(const observe::Observation& obs, const SocketTerms& terms) {
  if (obs.test->expect.received_source == spec::ReceivedSource::kUnchecked) return Finding::Ok();
  std::vector<std::string> got;
  for (const peers::ConnectionLog& log : obs.connections) {
    for (const std::string& m : MessagesOf(log, terms)) {
      // Datagrams with faults: the same one twice in a row is one message sent again.
      if (terms.datagrams && !obs.test->faults.Empty() && !got.empty() && got.back() == m) continue;
      got.push_back(m);
    }
  }
  if (obs.connections.empty()) return NothingReceived(obs, terms);
  MessageCheck mc{"The reference server received", {}, ExpectedReceived(*obs.test), got, false};
  mc.peer_received = true;
  Finding f = CheckPadding(mc, obs.program.display_name, false);
  if (f.ok()) f = CompareMessages(mc);
  if (!f.ok()) f.AddNote(TimeoutNote(obs));
  return f;
}

Finding CheckUnterminatedSend(const observe::Observation& obs, const SocketTerms& terms) {
  if (terms.datagrams || obs.role->listens || !obs.test->peer.reply) return Finding::Ok();
  std::vector<std::string> expected = ExpectedReceived(*obs.test);
  size_t lines = 0;  // complete lines before the unterminated one
  for (const peers::ConnectionLog& log : obs.connections) {
    size_t nl = log.received.rfind('\n');
    std::string last = log.received.substr(nl + 1);  // npos + 1 == 0
    lines += SplitLines(log.received, false).size();
    if (last.empty()) continue;
    std::string word;
    if (lines < expected.size() && last.size() < expected[lines].size() &&
        expected[lines].rfind(last, 0) == 0 && expected[lines][last.size()] == ' ')
      word =
          "It is also only the first word of the line: scanf(\"%s\") reads one word; read the "
          "whole line with fgets(), which keeps its newline.";
    Finding f{
        .code = Code::kNoNewline,
        .cause = Say("The reference server received {} without the newline that ends a "
                     "message, so it was still waiting for the end of the line and never "
                     "answered.",
                     Quote(last)),
        .fix = JoinParts(
            {fmt::format("Send the newline too{}.",
                         InputUseOf(*obs.test, obs.program.program_path) == InputUse::kPythonInput
                             ? ": sentence + '\\n' (input() removes it from the line it returns)"
                             : ""),
             word})};
    f.AddNote(TimeoutNote(obs));
    return f;
  }
  return Finding::Ok();
}

Finding CheckSentAhead(const observe::Observation& obs) {
  if (!obs.sent_ahead) return Finding::Ok();
  return Finding{
      .code = Code::kRunTogether,
      .cause = Say("{} sent {} before the answer to {} came back.", obs.program.display_name,
                   Quote(obs.sent_ahead->second), Quote(obs.sent_ahead->first)),
      .fix =
          "Send one line, wait for its answer (recv() until its newline), then send the next: "
          "a client that sends everything first and reads once gets its answers run "
          "together."};
}

}  // namespace netgrade::check
