#include "harness/check/causes.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "harness/base/text.h"
#include "harness/check/advice.h"
#include "harness/check/argument_shape.h"
#include "harness/check/expected.h"
#include "harness/check/own_words.h"
#include "harness/check/program.h"
#include "harness/check/program_source.h"
#include "harness/check/usage_line.h"
#include "harness/check/wrong_port.h"

namespace netgrade::check {
namespace {
namespace fs = std::filesystem;

bool Has(std::string_view text, std::string_view what) {
  return text.find(what) != std::string_view::npos;
}

// The argument of the case's command line that holds its port (spec::PortArgument).
size_t PortArgumentOf(const observe::Observation& obs) {
  return obs.test != nullptr ? spec::PortArgument(spec::CaseArgv(*obs.role, *obs.test))
                             : spec::PortArgument(obs.role->argv);
}

// A server ended by itself with `void main`'s garbage status where the case expects it to
// keep running: the missing loop is what to fix; the declaration comes second.
Finding EndedAfterOneMessage(const observe::Observation& obs, const Finding& judged) {
  if (judged.code != Code::kVoidMain || !obs.role->listens ||
      obs.test->expect.exit != spec::ExitRule::kRunning || !obs.program.exited)
    return Finding::Ok();
  bool udp = obs.spec->protocol == spec::Protocol::kUdp;
  return Finding{
      .code = Code::kStoppedEarly,
      .cause = fmt::format("{} {} while it should have kept running to {}.",
                           obs.program.display_name, DescribeExit(obs.program),
                           udp ? "answer the next datagram: a UDP server calls recvfrom() in a loop"
                               : "serve the next connection: a server loops around accept()"),
      .fix = fmt::format("Put the work in a loop: {}.",
                         udp ? "for (;;) { recvfrom(); sendto(); }"
                             : "for (;;) { accept(); read() and write() until read() returns 0; "
                               "close(); }"),
      .notes = {"Also: " + judged.Text()},
      .difference = judged.difference};
}

// The expected answer, printed on the server's own stdout but never sent: print() shows it to
// whoever runs the server, not to the client.
Finding PrintedNotSent(const observe::Observation& obs, const Finding& judged) {
  if (!obs.role->listens ||
      (judged.code != Code::kNoOutput && judged.code != Code::kMissingMessage))
    return Finding::Ok();
  const bool udp = obs.spec->protocol == spec::Protocol::kUdp;
  for (size_t i = 0; i < obs.test->peer.connections.size(); ++i) {
    std::vector<std::string> expected =
        ExpectedReplies(*obs.test, obs.test->peer.connections[i].send);
    // What came back on that connection: an answer it did send is not one it only printed.
    std::vector<std::string> got;
    if (i < obs.connections.size())
      got = udp ? obs.connections[i].datagrams : SplitLines(obs.connections[i].received);
    for (const std::string& e : expected)
      if (!e.empty() && std::find(got.begin(), got.end(), e) == got.end() &&
          Has(obs.stdout_text, e)) {
        return Finding{
            .code = judged.code,
            .cause = fmt::format("{} printed the answer {} on its own screen but never sent it "
                                 "back to the client: print() shows it only to whoever runs the "
                                 "server.",
                                 obs.program.display_name, Quote(e)),
            .fix = fmt::format(
                "Send it: {}.",
                udp ? "sock.sendto(answer.encode(), address), to the address recvfrom() returned"
                    : "connectionSocket.send(answer.encode()) (C: write(connfd, buf, n))"),
            .notes = {judged.Text()},
            .difference = judged.difference};
      }
  }
  return Finding::Ok();
}

// Whether the case itself speaks HTTP (a script that sends a request line, "GET /x HTTP/1.1"):
// a web server's exercise, where an HTTP answer is what is asked for.
bool SpeaksHttp(const spec::Case& c) {
  for (const spec::Step& s : c.script)
    if (s.action == spec::Step::Action::kSend && s.text.find(" HTTP/1.") != std::string::npos)
      return true;
  return false;
}

// An HTTP server (http.server, or a hand-written "HTTP/1.1 200 OK") answering a line-based
// exercise: its status line, headers or HTML page came back instead of the answer.
Finding HttpAnswer(const observe::Observation& obs, const Finding& judged) {
  if (!obs.role->listens || obs.spec->protocol != spec::Protocol::kTcp || SpeaksHttp(*obs.test) ||
      (judged.code != Code::kWrongContent && judged.code != Code::kExtraMessage &&
       judged.code != Code::kMissingMessage))
    return Finding::Ok();
  for (const peers::ConnectionLog& log : obs.connections) {
    std::string first = log.received.substr(0, log.received.find('\n'));
    if (!first.empty() && first.back() == '\r') first.pop_back();
    std::string lower = AsciiLower(log.received.substr(0, 512));
    if (lower.rfind("http/1.", 0) == 0 || lower.rfind("<!doctype html", 0) == 0 ||
        lower.rfind("<html", 0) == 0) {
      std::vector<std::string> planned =
          obs.test->peer.connections.empty() ? log.sent : obs.test->peer.connections[0].send;
      std::vector<std::string> expected = ExpectedReplies(*obs.test, planned);
      std::string example =
          planned.empty() || expected.empty()
              ? ""
              : fmt::format(" (it sends {} and expects {})", Quote(planned[0]), Quote(expected[0]));
      return Finding{
          .code = Code::kWrongContent,
          .cause = fmt::format(
              "Your server answered with an HTTP response ({}), but this exercise is not HTTP: "
              "the client sends a plain line of text and expects only its answer back{}, with "
              "no status line, headers or page.",
              Quote(first, 60), example),
          .fix =
              "Write the server with the socket module (accept(), recv() the line, send() the "
              "answer), not an HTTP server.",
          .difference = judged.difference};
    }
  }
  return Finding::Ok();
}

// "atoi(argv[1])" (or strtol/stoi of it) in a C or C++ client's source, where the role's
// command line is HOST PORT: argv[1] is the host, and atoi("127.0.0.1") is 127.
Finding PortFromTheHostArgument(const observe::Observation& obs, const Finding& judged) {
  if (obs.role->listens || PortArgumentOf(obs) != 2 ||
      (judged.code != Code::kNeverConnected && judged.code != Code::kWrongPort &&
       judged.code != Code::kCrashed))
    return Finding::Ok();
  if (fs::path(obs.program.program_path).has_extension()) return Finding::Ok();  // not compiled
  for (const fs::path& source : SourcesOf(obs.program.program_path)) {
    std::string text = ReadSource(source);
    text.erase(
        std::remove_if(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); }),
        text.end());
    for (const char* call : {"atoi(argv[1])", "strtol(argv[1]", "stoi(argv[1])", "atol(argv[1])"})
      if (Has(text, call))
        return Finding{
            .code = judged.code,
            .cause = fmt::format("{} takes its port from argv[1], but argv[1] holds the host and "
                                 "argv[2] the port: netgrade runs it as '{} HOST PORT', and "
                                 "atoi() of a host such as \"127.0.0.1\" is 127.",
                                 obs.program.display_name, obs.program.display_name),
            .fix = "Take the port from argv[2] (and the host from argv[1]).",
            .notes = {judged.Text()},
            .difference = judged.difference};
  }
  return Finding::Ok();
}

}  // namespace

TracebackContext KindHabitsOf(const observe::Observation& obs) {
  TracebackContext context;
  context.kind = obs.kind.get();
  context.run = &obs.program;
  return context;
}

TracebackContext TracebackContextOf(const observe::Observation& obs) {
  TracebackContext context = KindHabitsOf(obs);
  if (obs.spec != nullptr) context.protocol = obs.spec->protocol;
  if (obs.role != nullptr) {
    context.port_argument = PortArgumentOf(obs);
    context.host_argument = spec::HostArgument(
        obs.test != nullptr ? spec::CaseArgv(*obs.role, *obs.test) : obs.role->argv);
  }
  if (obs.test != nullptr)
    // A script types only in its `stdin` steps: a web proxy's browser and origin type nothing.
    context.nothing_typed =
        obs.test->stdin_lines.empty() && obs.test->stdin_draws.empty() &&
        std::none_of(obs.test->script.begin(), obs.test->script.end(),
                     [](const spec::Step& s) { return s.action == spec::Step::Action::kStdin; });
  return context;
}

Finding CrashOf(const observe::Observation& obs) {
  return CheckCrash(obs.program, TracebackContextOf(obs));
}

Finding NameTheCause(const observe::Observation& obs, Finding judged) {
  if (judged.ok()) return judged;
  for (auto sharpen :
       {PrintedItsUsage, WantsHostColonPort, ReadsAnArgumentNotGiven, SplitsALineOfAGivenFile,
        StoppedInItsOwnWords, ListenerStoppedInItsOwnWords, ListensOnOneAddress,
        EndedAfterOneMessage, PrintedNotSent, HttpAnswer, PortFromTheHostArgument})
    if (Finding f = sharpen(obs, judged); !f.ok()) return f;
  return judged;
}

}  // namespace netgrade::check
