#include "harness/check/causes.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>

#include "harness/base/text.h"
#include "harness/check/advice.h"
#include "harness/check/argument_shape.h"
#include "harness/check/expected.h"
#include "harness/check/own_words.h"
#include "harness/check/peer_messages.h"
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
Finding EndedAfterOneMessage(const observe::Observation& obs, const Finding& judged,
                             const SocketTerms& terms) {
  if (judged.code != Code::kVoidMain || !obs.role->listens ||
      obs.test->expect.exit != spec::ExitRule::kRunning || !obs.program.exited)
    return Finding::Ok();
  return Finding{
      .code = Code::kStoppedEarly,
      .cause = Say("{} {} while it should have kept running to {}.", obs.program.display_name,
                   DescribeExit(obs.program), terms.keep_serving),
      .fix = Say("Put the work in a loop: {}.", terms.serve_loop),
      .notes = {"Also: " + judged.Text()},
      .difference = judged.difference};
}

// The expected answer, printed on the server's own stdout but never sent: print() shows it to
// whoever runs the server, not to the client.
Finding PrintedNotSent(const observe::Observation& obs, const Finding& judged,
                       const SocketTerms& terms) {
  if (!obs.role->listens ||
      (judged.code != Code::kNoOutput && judged.code != Code::kMissingMessage))
    return Finding::Ok();
  for (size_t i = 0; i < obs.test->peer.connections.size(); ++i) {
    std::vector<std::string> expected =
        ExpectedReplies(*obs.test, obs.test->peer.connections[i].send);
    // What came back on that connection: an answer it did send is not one it only printed.
    std::vector<std::string> got;
    if (i < obs.connections.size()) got = MessagesOf(obs.connections[i], terms);
    for (const std::string& e : expected)
      if (!e.empty() && std::find(got.begin(), got.end(), e) == got.end() &&
          Has(obs.stdout_text, e)) {
        return Finding{.code = judged.code,
                       .cause = Say("{} printed the answer {} on its own screen but never sent it "
                                    "back to the client: print() shows it only to whoever runs the "
                                    "server.",
                                    obs.program.display_name, Quote(e)),
                       .fix = Say("Send it: {}.", terms.send_back),
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
// exercise, where a server of the kind may answer so: its status line, headers or HTML page came
// back instead of the answer.
Finding HttpAnswer(const observe::Observation& obs, const Finding& judged,
                   const SocketTerms& terms) {
  if (!obs.role->listens || !terms.may_answer_http || SpeaksHttp(*obs.test) ||
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
          .cause =
              Say("Your server answered with an HTTP response ({}), but this exercise is not HTTP: "
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
            .cause = Say("{} takes its port from argv[1], but argv[1] holds the host and "
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

TracebackContext TracebackContextOf(const observe::Observation& obs, const SocketTerms& terms) {
  TracebackContext context = KindHabitsOf(obs);
  context.listen_on_udp_socket = terms.listen_on_udp_socket;
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

Finding CrashOf(const observe::Observation& obs, const SocketTerms& terms) {
  return CheckCrash(obs.program, TracebackContextOf(obs, terms));
}

Finding NameTheCause(const observe::Observation& obs, Finding judged, const SocketTerms& terms) {
  if (judged.ok()) return judged;
  // The patterns in the order that decides which cause wins; some say it in the kind's terms.
  using Sharpen = std::function<Finding(const observe::Observation&, const Finding&)>;
  auto in_terms = [&terms](Finding (*pattern)(const observe::Observation&, const Finding&,
                                              const SocketTerms&)) -> Sharpen {
    return [pattern, &terms](const observe::Observation& o, const Finding& j) {
      return pattern(o, j, terms);
    };
  };
  for (const Sharpen& sharpen :
       {Sharpen(PrintedItsUsage), Sharpen(WantsHostColonPort), Sharpen(ReadsAnArgumentNotGiven),
        Sharpen(SplitsALineOfAGivenFile), Sharpen(StoppedInItsOwnWords),
        in_terms(ListenerStoppedInItsOwnWords), Sharpen(ListensOnOneAddress),
        in_terms(EndedAfterOneMessage), in_terms(PrintedNotSent), in_terms(HttpAnswer),
        Sharpen(PortFromTheHostArgument)})
    if (Finding f = sharpen(obs, judged); !f.ok()) return f;
  return judged;
}

}  // namespace netgrade::check
