#include "harness/kinds/sockets/answers.h"

#include <fmt/core.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "harness/base/text.h"
#include "harness/check/advice.h"
#include "harness/check/expected.h"
#include "harness/check/letters.h"
#include "harness/check/messages.h"
#include "harness/check/nul_padding.h"
#include "harness/check/peer_messages.h"
#include "harness/check/root_cause.h"
#include "harness/check/timeout_note.h"
#include "harness/check/wrong_port.h"

namespace netgrade::sockets {

using namespace check;  // the checks every kind shares, which these build on
namespace {

// UDP, several clients: the answers for one went to another (a server that answers a
// fixed or remembered address instead of the sender of each datagram).
Finding CheckAnswersWentAstray(const observe::Observation& obs, const SocketTerms& terms) {
  if (!terms.datagrams || obs.connections.size() < 2) return Finding::Ok();
  for (size_t i = 0; i < obs.connections.size(); ++i) {
    const peers::ConnectionLog& starved = obs.connections[i];
    if (!starved.datagrams.empty() || starved.sent.empty()) continue;
    std::string want = Upper(starved.sent.front());
    for (size_t j = 0; j < obs.connections.size(); ++j) {
      const auto& d = obs.connections[j].datagrams;
      if (j != i && std::find(d.begin(), d.end(), want) != d.end())
        return Finding{
            .code = Code::kReplyToFixedAddress,
            .cause = check::Say("The answer to client {}'s {} went to client {} instead.", i + 1,
                                Quote(starved.sent.front()), j + 1),
            .fix =
                "A UDP server must answer each datagram to the address recvfrom() returned "
                "with it, not to a fixed or remembered address."};
    }
  }
  return Finding::Ok();
}

// A TCP answer whose last line has no newline: the reference client reads an answer up to
// its newline, so it was still waiting for the rest, and (in a conversation) never sent its
// next line.
Finding NoNewlineAnswer(const observe::Observation& obs, size_t i, const std::string& conn) {
  const peers::ConnectionLog& log = obs.connections[i];
  std::string last = log.received.substr(log.received.rfind('\n') + 1);  // npos + 1 == 0
  check::Phrase next;
  const std::vector<std::string>& planned =
      i < obs.test->peer.connections.size() ? obs.test->peer.connections[i].send : log.sent;
  size_t answered = SplitLines(log.received).size();
  if (answered < planned.size() && obs.test->peer.connections.size() > i &&
      obs.test->peer.connections[i].mode == spec::SendMode::kConversation)
    next = check::Say(", and so never sent its next line, {}", Quote(planned[answered]));
  return Finding{
      .code = Code::kNoNewline,
      .cause = check::Say("Your server answered{} {} without the newline that ends a message.",
                          conn, Quote(last)),
      .evidence = check::Say("The reference client reads an answer up to its newline, so it was "
                             "still waiting for the end of this one{}.",
                             next),
      .fix = check::Say("End every answer with '\\n': strip() removes the newline that came with "
                        "the line, so add it back ({} + b'\\n'), or do not strip.",
                        ExpectsUpper(*obs.test) ? "data.strip().upper()" : "answer")};
}

// What a wrong answer on connection `i` adds to its finding `f` (as notes, or a finding of its
// own): where a UDP answer went, a connection closed early, the loop a server lacks when the
// ones before were answered.
void ExplainWrongAnswer(const observe::Observation& obs, size_t i, const std::string& conn,
                        const std::vector<std::string>& planned,
                        const std::vector<std::string>& expected, const SocketTerms& terms,
                        Finding* f) {
  const bool udp = terms.datagrams;
  const peers::ConnectionLog& log = obs.connections[i];
  if (f->code == Code::kNoOutput && udp)
    *f = Finding{
        .code = f->code,
        .cause = check::Say("No answer came back to {}: it sent {} and waited for {}.",
                            conn.empty() ? "the reference client" : "the reference" + conn,
                            Quote(log.sent.empty() ? planned.front() : log.sent.front()),
                            Quote(expected.front())),
        .evidence = AnswersElsewhere(obs),
        .fix =
            "A UDP server answers each datagram with sendto(answer, address), to the address "
            "recvfrom() returned with it, not to an address written in the program.",
        .difference = f->difference,
        .mistake = f->mistake};
  if (f->code == Code::kMissingMessage && (log.eof || log.reset) && !udp) {
    f->AddNote(
        "Then it closed the connection: does it call recv() only once per "
        "connection?");
    f->mistake = kOneRecv;
  }
  if (i > 0 && (f->code == Code::kNoOutput || f->code == Code::kMissingMessage) &&
      obs.connections[i - 1].complete) {
    std::string first =
        i > 1 ? fmt::format("The first {} {} were", i, udp ? "clients" : "connections")
              : fmt::format("The first {} was", udp ? "client" : "connection");
    f->AddNote(
        udp ? fmt::format(
                  "{} answered correctly; does your server keep calling recvfrom() in a loop?",
                  first)
            : fmt::format(
                  "{} answered correctly; does your server go back to accept() when a client "
                  "disconnects (recv() returns an empty result)?",
                  first));
  }
  if (f->code == Code::kAsciiOnlyUpper) f->AddNote(NotGradedNote(*obs.test));
  f->AddNote(TimeoutNote(obs));
}

}  // namespace

Finding CheckReplies(const observe::Observation& obs, const SocketTerms& terms) {
  if (Finding f = CheckAnswersWentAstray(obs, terms); !f.ok()) return f;
  const bool udp = terms.datagrams;
  for (size_t i = 0; i < obs.connections.size(); ++i) {
    const peers::ConnectionLog& log = obs.connections[i];
    std::string conn;
    if (obs.connections.size() > 1)
      conn = (udp ? " client " : " on connection ") + std::to_string(i + 1);
    if (!log.connected) {
      return Finding{
          .code = Code::kStoppedEarly,
          .cause = check::Say("The reference client could not connect{} ({}): {} no longer "
                              "accepted connections.",
                              conn, std::strerror(log.connect_errno), obs.program.display_name),
          .fix = "A server must go back to accept() after a client leaves."};
    }
    // Judged against the plan, not what was sent: a server that closed early cut it short.
    const std::vector<std::string>& planned =
        i < obs.test->peer.connections.size() ? obs.test->peer.connections[i].send : log.sent;
    std::vector<std::string> expected = ExpectedReplies(*obs.test, planned);
    if (expected.empty()) continue;
    std::vector<std::string> got = MessagesOf(log, terms);
    MessageCheck mc{check::Say("Your server answered{}", conn), planned, expected, got, false};
    mc.upper_expected = ExpectsUpper(*obs.test);
    Finding f = CheckPadding(mc, "Your server", true);
    if (f.ok()) f = CompareMessages(mc);
    bool unterminated = !udp && !log.received.empty() && log.received.back() != '\n';
    if (unterminated && (f.ok() || f.code == Code::kMissingMessage || f.code == Code::kNoOutput))
      f = NoNewlineAnswer(obs, i, conn);
    if (f.ok()) continue;
    ExplainWrongAnswer(obs, i, conn, planned, expected, terms, &f);
    return f;
  }
  return Finding::Ok();
}

}  // namespace netgrade::sockets
