#include "harness/check/judge.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstring>

#include "harness/base/text.h"
#include "harness/check/advice.h"
#include "harness/check/causes.h"
#include "harness/check/letters.h"
#include "harness/check/listening_checks.h"
#include "harness/check/messages.h"
#include "harness/check/output_checks.h"
#include "harness/check/port_advice.h"
#include "harness/check/program.h"
#include "harness/check/random_drop.h"
#include "harness/check/restart_checks.h"
#include "harness/check/script_checks.h"
#include "harness/check/udp_timeout.h"
#include "harness/check/wrong_port.h"
#include "harness/observe/listening.h"
#include "harness/peers/reply.h"
#include "harness/spec/captures.h"

namespace netgrade::check {
namespace {

using check::Code;
using check::Finding;

std::vector<std::string> AllSent(const observe::Observation& obs) {
  std::vector<std::string> all;
  for (const peers::ConnectionLog& c : obs.connections)
    all.insert(all.end(), c.sent.begin(), c.sent.end());
  return all;
}

bool Udp(const observe::Observation& obs) { return obs.spec->protocol == spec::Protocol::kUdp; }

// The messages that came on one connection: its lines (TCP) or its datagrams (UDP).
std::vector<std::string> MessagesOf(const observe::Observation& obs,
                                    const peers::ConnectionLog& log) {
  return Udp(obs) ? log.datagrams : SplitLines(log.received);
}

std::string TimeoutNote(const observe::Observation& obs) {
  if (!obs.at_rest_in.empty())
    return fmt::format(
        " (netgrade ended the case when {} was blocked in {}() with nothing on its way to it "
        "and no timeout of its own due before the case's end: {}.)",
        obs.program.display_name, obs.at_rest_in, obs.peer_state);
  if (!obs.timed_out) return "";
  return fmt::format(" (After {:.1f} s the case ended: {}.)", obs.timeout_ms / 1000.0,
                     obs.peer_state);
}

// A C program that sends its whole fixed-size buffer: each message, then zeros. Judged on
// the messages without the zeros, so the padding is named when it is all that is wrong.
Finding CheckPadding(const check::MessageCheck& mc, const std::string& who, bool answers) {
  size_t zeros = 0;
  check::MessageCheck clean = mc;
  clean.actual.clear();
  for (const std::string& line : mc.actual) {
    std::string kept;
    for (char ch : line) {
      if (ch == '\0')
        ++zeros;
      else
        kept += ch;
    }
    if (!kept.empty() || line.empty()) clean.actual.push_back(kept);
  }
  if (zeros == 0) return Finding::Ok();
  std::string padding = fmt::format(
      "{} sent {} bytes of padding (\\x00) after {}: it sends its whole buffer. Send only the "
      "bytes {} "
      "({}).",
      who, zeros, answers ? "the answer" : "the message",
      answers ? "you received" : "of the message",
      answers ? "n = recv(...); send(..., n)" : "send(fd, buf, strlen(buf), 0)");
  Finding f = check::CompareMessages(clean);
  if (f.ok()) {
    // Shown beside the message it should have been: the first line with the padding.
    size_t i = 0;
    while (i < mc.actual.size() && mc.actual[i].find('\0') == std::string::npos) ++i;
    check::Difference d;
    if (i < mc.sent.size()) d.sent = mc.sent[i];
    if (i < mc.expected.size()) d.expected = mc.expected[i];
    if (i < mc.actual.size()) d.received = mc.actual[i];
    return Finding{Code::kNulPadding, padding, d};
  }
  f.message += " Also: " + padding;
  return f;
}

// The program sent more than a reference peer records in a case (peers::kRecordBytes bytes
// or kRecordMessages lines or datagrams, over all connections): a flood. The peer read the
// rest and threw it away, and the case ended there; whatever else is wrong, this is what to
// fix first.
Finding CheckRecordCap(const observe::Observation& obs) {
  const bool udp = Udp(obs);
  // Through a UDP proxy, a flood overflows the proxy's buffers first.
  bool cut = obs.proxy_bytes_from_student > peers::kRecordBytes;
  size_t messages = 0;
  for (const peers::ConnectionLog& c : obs.connections) {
    cut = cut || c.received_cut;
    messages += udp ? c.datagrams.size()
                    : static_cast<size_t>(std::count(c.received.begin(), c.received.end(), '\n'));
  }
  if (!cut) return Finding::Ok();
  std::string what =
      messages >= peers::kRecordMessages
          ? fmt::format("more than {} {}", peers::kRecordMessages, udp ? "datagrams" : "lines")
          : fmt::format("more than {} MiB", peers::kRecordBytes >> 20);
  if (!udp && obs.connections.size() > 1)
    what += fmt::format(" on {} connections", obs.connections.size());
  std::vector<std::string> expected;
  if (obs.role->listens) {
    for (const spec::Connection& c : obs.test->peer.connections) {
      std::vector<std::string> replies = ExpectedReplies(*obs.test, c.send);
      expected.insert(expected.end(), replies.begin(), replies.end());
    }
  } else {
    expected = ExpectedReceived(*obs.test);
  }
  std::string unit = udp ? "datagram" : "line";
  std::string expects =
      expected.empty() ? ""
                       : fmt::format(", where this case expects {} {}{} ({}{})", expected.size(),
                                     unit, expected.size() == 1 ? "" : "s", Quote(expected.front()),
                                     expected.size() > 1 ? ", ..." : "");
  std::string advice;
  if (obs.role->listens)
    advice = udp ? "A server sends one answer for each datagram it receives, then waits for the "
                   "next one (recvfrom())."
                 : "A server sends one answer for each line it receives, then waits for the "
                   "next line (recv()): is a send() in a loop that never ends?";
  else if (!obs.test->peer.reply)
    advice = fmt::format(
        "Send each {} once, as one {}: is a send() in a loop "
        "that never ends?",
        FeedsStdin(*obs.test) ? "line of the input" : "message",
        udp ? "datagram" : "line on one connection");
  else
    advice = fmt::format(
        "Send each {} once{} and wait for its answer before "
        "sending the next: is a send() in a loop that never ends?",
        FeedsStdin(*obs.test) ? "line of the input" : "message",
        udp ? " as one datagram (again only when no answer came within 1 s)"
            : ", on one connection,");
  return Finding{Code::kTooMuchData,
                 fmt::format("{} sent {}{}: netgrade stopped recording there and ended the case. "
                             "{}",
                             obs.program.display_name, what, expects, advice)};
}

// UDP, several clients: the answers for one went to another (a server that answers a
// fixed or remembered address instead of the sender of each datagram).
Finding CheckAnswersWentAstray(const observe::Observation& obs) {
  if (!Udp(obs) || obs.connections.size() < 2) return Finding::Ok();
  for (size_t i = 0; i < obs.connections.size(); ++i) {
    const peers::ConnectionLog& starved = obs.connections[i];
    if (!starved.datagrams.empty() || starved.sent.empty()) continue;
    std::string want = Upper(starved.sent.front());
    for (size_t j = 0; j < obs.connections.size(); ++j) {
      const auto& d = obs.connections[j].datagrams;
      if (j != i && std::find(d.begin(), d.end(), want) != d.end())
        return Finding{
            Code::kReplyToFixedAddress,
            fmt::format("The answer to client {}'s {} went to client {} instead. A UDP server must "
                        "answer each datagram to the address recvfrom() returned with it, not to a "
                        "fixed or remembered address.",
                        i + 1, Quote(starved.sent.front()), j + 1)};
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
  std::string next;
  const std::vector<std::string>& planned =
      i < obs.test->peer.connections.size() ? obs.test->peer.connections[i].send : log.sent;
  size_t answered = SplitLines(log.received).size();
  if (answered < planned.size() && obs.test->peer.connections.size() > i &&
      obs.test->peer.connections[i].mode == spec::SendMode::kConversation)
    next = fmt::format(", and so never sent its next line, {}", Quote(planned[answered]));
  return Finding{
      Code::kNoNewline,
      fmt::format(
          "Your server answered{} {} without the newline that ends a message. The reference "
          "client reads an answer up to its newline, so it was still waiting for the end of "
          "this one{}. End every answer with '\\n': strip() removes the newline that came "
          "with the line, so add it back ({} + b'\\n'), or do not strip.",
          conn, Quote(last), next, ExpectsUpper(*obs.test) ? "data.strip().upper()" : "answer")};
}

// The answers of a listening program, connection by connection (UDP: client by client).
Finding CheckReplies(const observe::Observation& obs) {
  if (Finding f = CheckAnswersWentAstray(obs); !f.ok()) return f;
  const bool udp = Udp(obs);
  for (size_t i = 0; i < obs.connections.size(); ++i) {
    const peers::ConnectionLog& log = obs.connections[i];
    std::string conn;
    if (obs.connections.size() > 1)
      conn = (udp ? " client " : " on connection ") + std::to_string(i + 1);
    if (!log.connected) {
      return Finding{
          Code::kStoppedEarly,
          fmt::format("The reference client could not connect{} ({}): {} no longer accepted "
                      "connections. A server must go back to accept() after a client leaves.",
                      conn, std::strerror(log.connect_errno), obs.program.display_name)};
    }
    // Judged against the plan, not what was sent: a server that closed early cut it short.
    const std::vector<std::string>& planned =
        i < obs.test->peer.connections.size() ? obs.test->peer.connections[i].send : log.sent;
    std::vector<std::string> expected = ExpectedReplies(*obs.test, planned);
    if (expected.empty()) continue;
    std::vector<std::string> got = MessagesOf(obs, log);
    check::MessageCheck mc{fmt::format("Your server answered{}", conn), planned, expected, got,
                           false};
    mc.upper_expected = ExpectsUpper(*obs.test);
    Finding f = CheckPadding(mc, "Your server", true);
    if (f.ok()) f = check::CompareMessages(mc);
    bool unterminated = !udp && !log.received.empty() && log.received.back() != '\n';
    if (unterminated && (f.ok() || f.code == Code::kMissingMessage || f.code == Code::kNoOutput))
      f = NoNewlineAnswer(obs, i, conn);
    if (f.ok()) continue;
    if (f.code == Code::kNoOutput && udp)
      f.message = fmt::format(
          "No answer came back to {}: it sent {} and waited for {}.{} A UDP "
          "server answers each datagram with sendto(answer, address), to the address "
          "recvfrom() returned with it, not to an address written in the program.",
          conn.empty() ? "the reference client" : "the reference" + conn,
          Quote(log.sent.empty() ? planned.front() : log.sent.front()), Quote(expected.front()),
          AnswersElsewhere(obs));
    if (f.code == Code::kMissingMessage && (log.eof || log.reset) && !udp)
      f.message += " Then it closed the connection: does it call recv() only once per connection?";
    if (i > 0 && (f.code == Code::kNoOutput || f.code == Code::kMissingMessage) &&
        obs.connections[i - 1].complete) {
      std::string first =
          i > 1 ? fmt::format("The first {} {} were", i, udp ? "clients" : "connections")
                : fmt::format("The first {} was", udp ? "client" : "connection");
      f.message +=
          udp ? fmt::format(
                    " {} answered correctly; does your server keep calling recvfrom() in a loop?",
                    first)
              : fmt::format(
                    " {} answered correctly; does your server go back to accept() when a client "
                    "disconnects (recv() returns an empty result)?",
                    first);
    }
    if (f.code == Code::kAsciiOnlyUpper) f.message += NotGradedNote(*obs.test);
    f.message += TimeoutNote(obs);
    return f;
  }
  return Finding::Ok();
}

Finding CheckReceived(const observe::Observation& obs) {
  if (obs.test->expect.received_source == spec::ReceivedSource::kUnchecked) return Finding::Ok();
  std::vector<std::string> got;
  for (const peers::ConnectionLog& log : obs.connections) {
    for (const std::string& m : MessagesOf(obs, log)) {
      // Over UDP with faults, the same datagram twice in a row is one message sent again.
      if (Udp(obs) && !obs.test->faults.Empty() && !got.empty() && got.back() == m) continue;
      got.push_back(m);
    }
  }
  if (obs.connections.empty()) {
    // Its datagrams may have gone where the grader could not see them (another port on a
    // shared loopback): then it is not said that it sent none.
    if (Udp(obs) && !obs.sends_visible)
      return Finding{
          Code::kNeverConnected,
          fmt::format("No datagram from {} reached the reference server at port {}, "
                      "{}.{}",
                      obs.program.display_name, obs.port, PortOrigin(obs), TimeoutNote(obs))};
    return Finding{
        Code::kNeverConnected,
        fmt::format("{} never {} the reference server at port {}, {}.{}", obs.program.display_name,
                    Udp(obs) ? "sent a datagram to" : "connected to", obs.port, PortOrigin(obs),
                    TimeoutNote(obs))};
  }
  check::MessageCheck mc{
      "The reference server received", {}, ExpectedReceived(*obs.test), got, false};
  mc.peer_received = true;
  Finding f = CheckPadding(mc, obs.program.display_name, false);
  if (f.ok()) f = check::CompareMessages(mc);
  if (!f.ok()) f.message += TimeoutNote(obs);
  return f;
}

// TCP, the program as the client of a reference server that answers: the last thing it sent
// has no newline, so the server, which reads a message up to its newline, never answered.
Finding CheckUnterminatedSend(const observe::Observation& obs) {
  if (Udp(obs) || obs.role->listens || !obs.test->peer.reply) return Finding::Ok();
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
          " It is also only the first word of the line: scanf(\"%s\") reads one word; read the "
          "whole line "
          "with fgets(), which keeps its newline.";
    return Finding{
        Code::kNoNewline,
        fmt::format(
            "The reference server received {} without the newline that ends a message, so it "
            "was still waiting for the end of the line and never answered. Send the newline "
            "too{}.{}{}",
            Quote(last),
            InputUseOf(*obs.test, obs.program.program_path) == InputUse::kPythonInput
                ? ": sentence + '\\n' (input() removes it from the line it returns)"
                : "",
            word, TimeoutNote(obs))};
  }
  return Finding::Ok();
}

// The program printed what each recv() returned as if it were a message: the printed
// pieces, glued back together, hold the messages.
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

Finding CheckStdout(const observe::Observation& obs) {
  const spec::Expect& e = obs.test->expect;
  if (e.stdout_source == spec::StdoutSource::kUnchecked) return Finding::Ok();
  // A reference sender that awaits each ack means to deliver every message of its list: one it
  // never got to send (no ack came back) is still one the program must print.
  // With peer-sent, what was sent is what is expected.
  const bool peer_sent = e.stdout_source == spec::StdoutSource::kPeerSent;
  std::vector<std::string> expected =
      peer_sent && !obs.test->peer.await ? AllSent(obs) : ExpectedStdout(*obs.test);
  const std::vector<std::string>& sent = peer_sent ? expected : obs.test->stdin_lines;
  check::MessageCheck mc{fmt::format("{} printed", obs.program.display_name), sent, expected,
                         SplitLines(obs.stdout_text), true};
  mc.datagrams = Udp(obs);
  Finding f = check::CompareMessages(mc);
  if (!f.ok() && !Udp(obs) && PrintedFragments(expected, obs.stdout_text))
    return Finding{
        Code::kOneRecvPerMessage,
        fmt::format(
            "{} printed each piece that recv() returned as if it were a whole message: the "
            "stream came in small writes, and {} came out in pieces over several lines. TCP "
            "is a stream: collect what recv() returns and print a message only when its "
            "newline has arrived ({}).{}",
            obs.program.display_name, Quote(expected.front()),
            check::ReadLineCall(obs.program.program_path),
            obs.program.exited ? " " + CrashOf(obs).message : "")};
  if (!f.ok()) f.message += TimeoutNote(obs);
  return f;
}

bool CrashedWritingAfterPeerClosed(const observe::Observation& obs) {
  if (!obs.role->listens || Udp(obs) || obs.connections.empty()) return false;
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
  return tail.empty() ? std::string(" It printed nothing on stdout.")
                      : "\n  The end of what it printed on stdout:\n" + tail;
}

// Killed by SIGPIPE: a C program's write() to a socket that is not (or no longer) connected.
// What it printed on stdout is shown, since a C program reports its own errors there; a
// program that never connected, or said its connect() failed, is told to check connect().
Finding BrokenPipe(const observe::Observation& obs, const Finding& content, const Finding& crash) {
  bool never = content.code == Code::kNeverConnected;
  if (!never && !PrintedConnectError(obs.stdout_text))
    return Finding{crash.code, crash.message + StdoutTail(obs)};
  return Finding{
      never ? Code::kNeverConnected : crash.code,
      fmt::format("{}{} was killed by signal {} (Broken pipe): connect() failed and the program "
                  "went on writing to a socket that was never connected: check connect()'s "
                  "return value and stop.{}",
                  never ? content.message + " " : "", obs.program.display_name, SIGPIPE,
                  StdoutTail(obs))};
}

}  // namespace

std::vector<std::string> ExpectedReplies(const spec::Case& c,
                                         const std::vector<std::string>& sent) {
  std::vector<std::string> out;
  for (const std::string& s : sent) {
    switch (c.expect.replies) {
      case spec::Transform::kNone:
        return {};
      case spec::Transform::kUpper:
        out.push_back(Upper(s));
        break;
      case spec::Transform::kSame:
        out.push_back(s);
        break;
    }
  }
  return out;
}

std::vector<std::string> ExpectedStdout(const spec::Case& c) {
  switch (c.expect.stdout_source) {
    case spec::StdoutSource::kLines:
      return c.expect.stdout_lines;
    case spec::StdoutSource::kPeerReplies: {
      std::vector<std::string> out;
      for (size_t i = 0; i < c.stdin_lines.size(); ++i)
        out.push_back(
            peers::ApplyReplyTemplate(c.peer.reply.value_or("{line}"), c.stdin_lines[i], i + 1));
      return out;
    }
    case spec::StdoutSource::kPeerSent: {
      std::vector<std::string> out;
      for (const spec::Connection& conn : c.peer.connections)
        out.insert(out.end(), conn.send.begin(), conn.send.end());
      return out;
    }
    case spec::StdoutSource::kUnchecked:
      return {};
  }
  return {};
}

std::vector<std::string> ExpectedReceived(const spec::Case& c) {
  if (c.expect.received_source == spec::ReceivedSource::kLines) return c.expect.received_lines;
  if (c.expect.received_source == spec::ReceivedSource::kStdin) {
    // Framed on the wire ("{bit}:{line}"): each line as the program must send it.
    std::vector<std::string> out;
    for (size_t i = 0; i < c.stdin_lines.size(); ++i)
      out.push_back(spec::ApplyFrame(c.peer.frame, c.stdin_lines[i], static_cast<int>(i) + 1));
    return out;
  }
  return {};
}

namespace {

Finding JudgeEffect(const observe::Observation& obs) {
  // A flood overflows the proxy's buffers too: that loss is the program's doing.
  if (Finding f = CheckRecordCap(obs); obs.grader_loss && !f.ok()) return f;
  if (obs.grader_loss)
    return Finding{
        Code::kGraderProblem,
        "The kernel dropped datagrams on the grader's own proxy (its buffers overflowed). This is "
        "not your program's fault; grade again, on a less loaded machine."};
  // A server on another port was graded there: the port is wrong, and the rest is told too.
  // With `wrong_port: credit` a case right on that port passes (a note says so: check/notes.h).
  if (obs.role->listens && obs.listened_port != 0) {
    Finding rest = Judge(AsRunOnItsPort(obs));
    if (rest.ok() && obs.spec->wrong_port == spec::WrongPort::kCredit) return rest;
    return ServerOnAnotherPort(obs, rest);
  }
  if (Finding f = check::CheckPython2(obs.program); !f.ok()) return f;
  if (Finding f = CheckStallAfterDrop(obs); !f.ok()) return f;
  if (Finding f = check::CheckLimits(obs.program); !f.ok()) return f;
  // Started again by the case's script, it did not listen: the rest follows from that.
  if (Finding f = CheckRestart(obs); !f.ok()) return f;
  if (Finding f = CheckRecordCap(obs); !f.ok()) return f;
  if (obs.bypassed_proxy > 0) {
    bool server = obs.role->listens;
    const char* it = obs.bypassed_proxy == 1 ? "it" : "them";
    std::string what = Udp(obs) ? fmt::format("{} datagram{}", obs.bypassed_proxy,
                                              obs.bypassed_proxy == 1 ? "" : "s")
                                : fmt::format("{} connection{}", obs.bypassed_proxy,
                                              obs.bypassed_proxy == 1 ? "" : "s");
    return Finding{
        Code::kBypassedProxy,
        server ? fmt::format("{} sent {} straight to the reference client's own port, not back to "
                             "the address each request came from: netgrade refused {}. Answer "
                             "each datagram to the address recvfrom() gives.",
                             obs.program.display_name, what, it)
               : fmt::format("{} sent {} straight to the reference server's own port, not to the "
                             "port it was given: netgrade plays the case's network faults on "
                             "that port, so it refused {}. Use the host and port the program "
                             "is given.",
                             obs.program.display_name, what, it)};
  }
  if (obs.refused_connections > 0)
    return Finding{
        Code::kTooManyConnections,
        fmt::format(
            "{} opened more than {} connections in one case (a connect() in a loop?); "
            "netgrade reset the {} that came after. A program for this exercise needs a few "
            "connections at most: open one, use it, close it.",
            obs.program.display_name, peers::kMostConnections, obs.refused_connections)};
  if (obs.other_protocol_seen && obs.connections.empty()) {
    bool udp = Udp(obs);
    return Finding{
        Code::kWrongProtocol,
        fmt::format(
            "{} used {} to reach port {}, but this exercise uses {}: create the socket with "
            "{}.{}",
            obs.program.display_name, udp ? "TCP" : "UDP", obs.port, udp ? "UDP" : "TCP",
            udp ? "SOCK_DGRAM (and sendto/recvfrom)" : "SOCK_STREAM (and connect/send/recv)",
            obs.program.exited
                ? CrashOf(obs).message.empty() ? std::string() : " " + CrashOf(obs).message
                : std::string())};
  }
  if (obs.role->listens) {
    if (Finding f = CheckListening(obs); !f.ok()) return f;
    if (Finding f = CheckReachable(obs); !f.ok()) return f;
  }
  // A case with a script: the step that did not happen as written is the verdict.
  if (Finding f = CheckScript(obs); !f.ok()) return f;

  // It sent a line without its newline and now waits for the answer (the case ended early).
  if (obs.waits_after_unterminated && CrashOf(obs).ok())
    if (Finding nl = CheckUnterminatedSend(obs); !nl.ok()) return nl;
  if (obs.sent_ahead)
    return Finding{
        Code::kRunTogether,
        fmt::format("{} sent {} before the answer to {} came back. Send one line, wait for its "
                    "answer (recv() until its newline), then send the next: a client that sends "
                    "everything first and reads once gets its answers run together.",
                    obs.program.display_name, Quote(obs.sent_ahead->second),
                    Quote(obs.sent_ahead->first))};
  Finding content = obs.role->listens ? CheckReplies(obs) : CheckReceived(obs);
  if (content.ok()) content = CheckStdout(obs);
  // The spec's own checks say what they expected; the advice below for a capitalize client
  // that does not resend a lost line does not fit them (a pinger does not resend).
  bool own_check = false;
  if (content.ok()) {
    content = CheckOutputRules(obs);
    own_check = !content.ok();
  }
  // Nothing reached the peer because it all went to another port: that is the thing to fix.
  bool went_elsewhere = false;
  if (!content.ok())
    if (Finding elsewhere = CheckStraySends(obs); !elsewhere.ok()) {
      content = elsewhere;
      went_elsewhere = true;
    }
  // A reference sender (peer.await) that never got one answer, from a receiver that printed
  // what came: its answers went elsewhere (a port written in the program).
  if (!content.ok() && obs.role->listens && obs.test->peer.await && !obs.stdout_text.empty() &&
      std::all_of(obs.connections.begin(), obs.connections.end(),
                  [](const peers::ConnectionLog& l) { return l.datagrams.empty(); }))
    return Finding{
        Code::kReplyToFixedAddress,
        fmt::format("{} printed what came, but no ack ever reached the sender, so it sent its "
                    "first line again and again and never went on. Send each ack to the address "
                    "recvfrom() returned with the datagram (sock.sendto(ack, address)), not to "
                    "a port or host written in the program.",
                    obs.program.display_name),
        content.difference};
  // Acks computed from what was sent (peer.matches), one of them duplicated or late: a program
  // that went on without resending took that extra ack for the ack of its next message.
  const spec::DirectionFaults& back = obs.test->faults.to_student;
  if (!content.ok() && !own_check && !obs.dropped_not_resent.empty() && CrashOf(obs).ok() &&
      obs.test->peer.matches && (!back.duplicate.empty() || !back.late.empty()))
    return Finding{
        Code::kMissingMessage,
        fmt::format("{} never sent {} again: an ack came twice here (the network duplicated it "
                    "or delivered it late), and {} took the extra copy, the ack of the message "
                    "before, for the ack of {}. Check the SEQ in every ack: ignore an ack whose "
                    "SEQ is not the one you sent, and keep waiting (then send again).",
                    obs.program.display_name, Quote(obs.dropped_not_resent.front()),
                    obs.program.display_name, Quote(obs.dropped_not_resent.front())),
        content.difference};
  if (!content.ok() && !own_check && !obs.dropped_not_resent.empty() && CrashOf(obs).ok())
    return Finding{
        Code::kMissingMessage,
        fmt::format(
            "{} did not send {} again after its timeout: the datagram or its answer was lost "
            "(dropped on purpose, as a real network does), and UDP does not send anything "
            "again by itself. {}",
            obs.program.display_name, Quote(obs.dropped_not_resent.front()),
            !ResendsLine(*obs.test, obs.dropped_not_resent.front())
                ? "When no answer comes within its timeout, the program must send the message "
                  "again."
            : PrintsTimedOut(*obs.spec)
                ? "When no answer comes within 1 s, send the same line again (up to 3 sends, "
                  "then print \"timed out\")."
                : "When no answer comes within 1 s, send the same line again."),
        content.difference};
  if (content.code == Code::kOneRecvPerMessage) return content;  // the root cause of a crash too
  if (!content.ok()) {
    // Answers missing from a UDP server that read the datagrams: dropped on purpose?
    if (content.code == Code::kMissingMessage || content.code == Code::kNoOutput)
      if (Finding r = CheckDropsAtRandom(obs, RandomCallInSource(obs.program.program_path));
          !r.ok())
        return r;
    // A line the server never saw the end of explains a missing answer (and the crash of a
    // client whose recv() timed out waiting for it).
    if (content.code != Code::kRunTogether)
      if (Finding nl = CheckUnterminatedSend(obs); !nl.ok()) return nl;
    // A crash or an early stop explains missing content better than the content itself;
    // but not a broken pipe from writing after the reference client had hung up, its plan
    // done: that crash is the grader's doing, the content is the student's.
    // The status the spec asks for (exit_status) is no crash either.
    if (Finding crash = CrashOf(obs); !crash.ok() && !CrashedWritingAfterPeerClosed(obs) &&
                                      !ExitedWithRequiredStatus(obs.test->expect, obs.program)) {
      if (obs.program.signal == SIGPIPE) return BrokenPipe(obs, content, crash);
      if (went_elsewhere) return Finding{content.code, content.message + " " + crash.message};
      // Refused: it connected where nothing listens, most often a port (or host) written in
      // the program instead of the one it was given. That is the thing to fix.
      if (content.code == Code::kNeverConnected &&
          obs.program.stderr_text.find("Connection refused") != std::string::npos)
        return Finding{
            Code::kNeverConnected,
            content.message +
                " Its connect() was refused: nothing listens where it connected. Does it "
                "connect to a port or host written in the program instead of the one it "
                "was given? " +
                crash.message};
      return crash;
    }
    if (obs.test->expect.exit == spec::ExitRule::kRunning)
      if (Finding stop = check::CheckExitRule(
              spec::ExitRule::kRunning, obs.program, obs.spec->protocol,
              InputUseOf(*obs.test, obs.program.program_path), TracebackContextOf(obs));
          !stop.ok())
        return stop;
    return content;
  }
  const spec::Expect& e = obs.test->expect;
  if (Finding f = e.exit_status
                      ? CheckExitStatus(*e.exit_status, obs.program)
                      : check::CheckExitRule(e.exit, obs.program, obs.spec->protocol,
                                             InputUseOf(*obs.test, obs.program.program_path),
                                             TracebackContextOf(obs));
      !f.ok()) {
    if (Finding nl = CheckUnterminatedSend(obs); !nl.ok()) return nl;  // it waits for an answer
    return f;
  }
  if (e.no_traceback) return CheckNoTraceback(obs.program);
  return Finding::Ok();
}

}  // namespace

// What went wrong, then its cause where a known pattern names it better (check/causes.h).
Finding Judge(const observe::Observation& obs) { return NameTheCause(obs, JudgeEffect(obs)); }

}  // namespace netgrade::check
