#include "harness/check/crash_or_content.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <string>
#include <utility>

#include "harness/base/text.h"
#include "harness/check/causes.h"
#include "harness/check/output_checks.h"

namespace netgrade::check {
namespace {

bool CrashedWritingAfterPeerClosed(const observe::Observation& obs, const SocketTerms& terms) {
  if (!obs.role->listens || terms.datagrams || obs.connections.empty()) return false;
  // A reset the case injects on purpose is one the program must survive: its crash counts.
  if (obs.test->faults.to_student.reset_after >= 0 ||
      obs.test->faults.from_student.reset_after >= 0)
    return false;
  for (const peers::ConnectionLog& c : obs.connections)
    if (!c.complete) return false;
  const std::string& err = obs.program.stderr_text;
  for (const char* pipe :
       {"BrokenPipeError", "ConnectionResetError", "Broken pipe", "Connection reset"})
    if (err.find(pipe) != std::string::npos) return true;
  return false;
}

// "connect error!!", "Connect failed", "connect: Connection refused": a program's own report of
// a failed connect(), whatever its words.
bool PrintedConnectError(const std::string& out) {
  std::string lower(out);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return lower.find("connect") != std::string::npos &&
         (lower.find("error") != std::string::npos || lower.find("fail") != std::string::npos ||
          lower.find("refused") != std::string::npos);
}

std::string StdoutTail(const observe::Observation& obs) {
  std::string tail = Tail(obs.stdout_text);
  return tail.empty() ? std::string("It printed nothing on stdout.")
                      : "\n  The end of what it printed on stdout:\n" + tail;
}

// Killed by SIGPIPE: a C program's write() to a socket that is not (or no longer) connected.
// What it printed on stdout is shown, since a C program reports its own errors there; a
// program that never connected, or said its connect() failed, is told to check connect().
Finding BrokenPipe(const observe::Observation& obs, const Finding& content, const Finding& crash) {
  bool never = content.code == Code::kNeverConnected;
  if (!never && !PrintedConnectError(obs.stdout_text)) {
    Finding f = crash;
    f.AddNote(StdoutTail(obs));
    return f;
  }
  Phrase killed = Say(
      "{} was killed by signal {} (Broken pipe): connect() failed and the program went on writing "
      "to a socket that was never connected: check connect()'s return value and stop.",
      obs.program.display_name, SIGPIPE);
  if (!never) return Finding{.code = crash.code, .cause = killed, .notes = {StdoutTail(obs)}};
  return Finding{.code = Code::kNeverConnected,
                 .cause = content.cause,
                 .evidence = JoinParts({content.Rest(), killed}),
                 .notes = {StdoutTail(obs)}};
}

}  // namespace

Finding CrashOverContent(const observe::Observation& obs, const Finding& content,
                         bool went_elsewhere, const SocketTerms& terms) {
  Finding crash = CrashOf(obs, terms);
  if (crash.ok() || CrashedWritingAfterPeerClosed(obs, terms) ||
      ExitedWithRequiredStatus(obs.test->expect, obs.program))
    return Finding::Ok();
  if (obs.program.signal == SIGPIPE) return BrokenPipe(obs, content, crash);
  if (went_elsewhere) {
    Finding f{.code = content.code, .cause = content.cause, .evidence = content.Rest()};
    f.AddNote(crash.Text());
    return f;
  }
  // Refused: it connected where nothing listens, most often a port (or host) written in
  // the program instead of the one it was given. That is the thing to fix.
  if (content.code == Code::kNeverConnected &&
      obs.program.stderr_text.find("Connection refused") != std::string::npos)
    return Finding{
        .code = Code::kNeverConnected,
        .cause = content.cause,
        .evidence = JoinParts(
            {content.Rest(), "Its connect() was refused: nothing listens where it connected."}),
        .fix =
            "Does it connect to a port or host written in the program instead of the one it "
            "was given?",
        .notes = {crash.Text()}};
  return crash;
}

std::function<Finding(const observe::Observation&, const Content&)> CrashThen(
    const SocketTerms& terms,
    std::function<Finding(const observe::Observation&, const Finding&)> own) {
  return [terms, own = std::move(own)](const observe::Observation& obs, const Content& c) {
    if (Finding crash = CrashOverContent(obs, c.finding, false, terms); !crash.ok()) return crash;
    return own ? own(obs, c.finding) : Finding::Ok();
  };
}

}  // namespace netgrade::check
