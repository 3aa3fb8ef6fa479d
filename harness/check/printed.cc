#include "harness/check/printed.h"

#include <fmt/core.h>

#include <cctype>

#include "harness/base/text.h"
#include "harness/check/advice.h"
#include "harness/check/causes.h"
#include "harness/check/expected.h"
#include "harness/check/language_words.h"
#include "harness/check/messages.h"
#include "harness/check/peer_messages.h"
#include "harness/check/timeout_note.h"

namespace netgrade::check {

bool PrintedFragments(const std::vector<std::string>& expected, const std::string& stdout_text) {
  // Compared without white space: a program that strip()s each piece loses the spaces.
  auto squeeze = [](const std::string& s) {
    std::string out;
    for (char c : s)
      if (!std::isspace(static_cast<unsigned char>(c))) out += c;
    return out;
  };
  size_t pieces = 0;
  bool whole = false;  // some line holds the first message whole: not this bug
  std::string glued;
  std::string first = expected.empty() ? "" : squeeze(expected.front());
  for (const std::string& l : SplitLines(stdout_text)) {
    if (TrimRight(l).empty()) continue;
    glued += squeeze(l);
    whole = whole || squeeze(l).find(first) != std::string::npos;
    ++pieces;
  }
  return !first.empty() && !whole && pieces > expected.size() &&
         glued.find(first) != std::string::npos;
}

Finding CheckStdout(const observe::Observation& obs, const SocketTerms& terms) {
  const spec::Expect& e = obs.test->expect;
  if (e.stdout_source == spec::StdoutSource::kUnchecked) return Finding::Ok();
  // A reference sender that awaits each ack means to deliver every message of its list: one it
  // never got to send (no ack came back) is still one the program must print.
  // With peer-sent, what was sent is what is expected.
  const bool peer_sent = e.stdout_source == spec::StdoutSource::kPeerSent;
  std::vector<std::string> expected =
      peer_sent && !obs.test->peer.await ? AllSent(obs) : ExpectedStdout(*obs.test);
  const std::vector<std::string>& sent = peer_sent ? expected : obs.test->stdin_lines;
  MessageCheck mc{Say("{} printed", obs.program.display_name), sent, expected,
                  SplitLines(obs.stdout_text), true};
  mc.datagrams = terms.datagrams;
  Finding f = CompareMessages(mc);
  if (!f.ok() && !terms.datagrams && PrintedFragments(expected, obs.stdout_text)) {
    Finding pieces{
        .code = Code::kOneRecvPerMessage,
        .cause = Say("{} printed each piece that recv() returned as if it were a whole "
                     "message: the stream came in small writes, and {} came out in pieces "
                     "over several lines.",
                     obs.program.display_name, Quote(expected.front())),
        .fix = Say("TCP is a stream: collect what recv() returns and print a message only "
                   "when its newline has arrived ({}).",
                   ReadLineCall(obs.program.program_path))};
    if (obs.program.exited) pieces.AddNote(CrashOf(obs, terms).Text());
    return pieces;
  }
  if (!f.ok()) f.AddNote(TimeoutNote(obs));
  return f;
}

}  // namespace netgrade::check
