#include "harness/check/script_checks.h"

#include <fmt/core.h>

#include <map>
#include <optional>
#include <string_view>

#include "harness/base/bytes.h"
#include "harness/base/text.h"
#include "harness/check/causes.h"
#include "harness/check/language_words.h"
#include "harness/check/program.h"
#include "harness/check/script_words.h"
#include "harness/check/wrong_port.h"
#include "harness/peers/script_expect.h"
#include "harness/spec/connection_words.h"

namespace netgrade::check {
namespace {

using Kind = peers::ScriptFailure::Kind;
using End = peers::ScriptFailure::End;

// The lab's names for a script's connections (spec/connection_words.h).
spec::Naming NamingOf(const observe::Observation& obs) {
  return {.role_names = obs.role ? &obs.role->connection_names : nullptr,
          .spec_names = obs.spec ? &obs.spec->connection_names : nullptr,
          .script = obs.test ? &obs.test->script : nullptr};
}

std::string NameOf(const observe::Observation& obs, const std::string& label) {
  return spec::ConnectionName(NamingOf(obs), label);
}

// A label of the script, as `what` it is (SocketTerms::channel: a UDP lab has no connections,
// its script's labels are sockets).
std::string ConnectionWords(const observe::Observation& obs, const std::string& label,
                            const std::string& what) {
  return spec::ConnectionWords(NamingOf(obs), label, what.c_str());
}

// "The case's script was at step 5: expect on the browser's connection." Where the script
// stopped; a note after the diagnosis, never its first words. A student reads it, so never the
// spec's line numbers (the JSON's script_step has them, for whoever reads the spec).
std::string StepNote(const peers::ScriptFailure& f, const observe::Observation& obs,
                     const SocketTerms& terms) {
  std::string round =
      f.round.empty() ? "" : " (" + f.round.substr(f.round.find_first_not_of(", ")) + ")";
  std::string on = f.on.empty() ? "" : " on " + ConnectionWords(obs, f.on, terms.channel);
  return fmt::format("The case's script was at step {}{}: {}{}.", f.step, round, f.step_name, on);
}

// 'hello', or bytes as "9 bytes (00 00 00 05 68 65 6c 6c 6f)": their hex when they are few
// (the hex dump under the message shows more).
std::string Shown(const std::string& value, bool binary) {
  if (!binary) return Quote(value);
  std::string count = fmt::format("{} byte{}", value.size(), value.size() == 1 ? "" : "s");
  return value.size() <= peers::kShortBytes ? fmt::format("{} ({})", count, HexBytes(value))
                                            : count;
}

// Whether `received` holds `expected`: anywhere for bytes, as a whole line for text (a line
// "NOT OK" does not hold the "OK" expected).
bool SentThere(const std::string& received, const std::string& expected, bool binary) {
  if (binary) return received.find(expected) != std::string::npos;
  for (size_t at = 0; at < received.size();) {
    size_t end = received.find('\n', at);
    std::string_view line(received.data() + at,
                          (end == std::string::npos ? received.size() : end) - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == expected) return true;
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return false;
}

// After the program closed or reset connection `on` it opened, the connection it opened
// next, when it did: ", then connected again and sent 'hello.txt' on the new connection".
// Told, because the step's words alone ("closed the connection") hide that what was
// expected came, on a connection of its own.
Phrase ConnectedAgain(const peers::ScriptFailure& f, const observe::Observation& obs) {
  if (!f.log_index || *f.log_index >= obs.connections.size()) return "";
  if (obs.connections[*f.log_index].remote.empty()) return "";  // the peer opened `on`
  for (size_t j = *f.log_index + 1; j < obs.connections.size(); ++j) {
    const peers::ConnectionLog& next = obs.connections[j];
    if (next.remote.empty()) continue;
    bool there = f.expected_text && !f.expected_text->empty() &&
                 SentThere(next.received, *f.expected_text, f.binary);
    return there ? Say(", then connected again and sent {} on the new connection",
                       Shown(*f.expected_text, f.binary))
                 : Phrase(", then connected again");
  }
  return "";
}

// How the wait ended, as the end of a sentence.
Phrase HowItEnded(const peers::ScriptFailure& f, const observe::Observation& obs) {
  const std::string& program = obs.program.display_name;
  switch (f.end) {
    case End::kAtRest:
      if (obs.program.exited) return "";  // its exit is told after
      return Say(", and {} was seen waiting with nothing more to come", program);
    case End::kCaseEnded:
      return " before the case ended";
    case End::kClosed:
      return Say(": {} closed the connection{}", program, ConnectedAgain(f, obs));
    case End::kReset:
      return Say(": {} reset the connection{}", program, ConnectedAgain(f, obs));
    case End::kImmediate:
      break;
  }
  return "";
}

// The bytes from k are those expected of a 4- or 2-byte number, in the other byte order: its
// size, or 0 (a field in the machine's order, little-endian, where network order is due).
size_t SwappedNumber(const std::string& want, const std::string& got, size_t k) {
  for (size_t n : {size_t{4}, size_t{2}}) {
    if (k + n > want.size() || k + n > got.size()) continue;
    bool swapped = true;
    for (size_t i = 0; i < n && swapped; ++i) swapped = got[k + i] == want[k + n - 1 - i];
    if (swapped) return n;
  }
  return 0;
}

// Where what came differs from the bytes expected, when there are such bytes: ": the first
// byte that differs is byte 150 (0x96, counted from 0): 69 where 96 was expected (...)", or
// how many bytes are missing or too many.
Phrase WhereBytesDiffer(const peers::ScriptFailure& f) {
  if (!f.binary || !f.expected_text || !f.received) return "";
  std::optional<size_t> k = FirstDifferingByte(*f.expected_text, *f.received);
  if (!k) return "";
  if (*k >= f.received->size())
    return Say(", {} byte{} too few (see the hex dump below)",
               f.expected_text->size() - f.received->size(),
               f.expected_text->size() - f.received->size() == 1 ? "" : "s");
  if (*k >= f.expected_text->size())
    return Say(", {} byte{} too many, from byte {} on (see the hex dump below)",
               f.received->size() - *k, f.received->size() - *k == 1 ? "" : "s", *k);
  if (size_t n = SwappedNumber(*f.expected_text, *f.received, *k); n > 0) {
    auto hex = [&](const std::string& bytes) {
      return HexBytes(std::string_view(bytes).substr(*k, n));
    };
    return Say(
        ": bytes {} to {} (counted from 0) are {} where {} was expected, the same {}-byte "
        "number in the other byte order: it went in the machine's order (little-endian), and "
        "a number on the network goes in network byte order, big-endian ({} in C, "
        "struct.pack('{}') in Python) (see the hex dump below)",
        *k, *k + n - 1, hex(*f.received), hex(*f.expected_text), n, n == 2 ? "htons()" : "htonl()",
        n == 2 ? "!H" : "!I");
  }
  return Say(
      ": the first byte that differs is byte {} (0x{:x}, counted from 0): {:02x} "
      "where {:02x} was expected (see the hex dump below)",
      *k, *k, static_cast<unsigned char>((*f.received)[*k]),
      static_cast<unsigned char>((*f.expected_text)[*k]));
}

// "got nothing", "got 'HEL' without its newline", "got 'hello'".
Phrase WhatCame(const peers::ScriptFailure& f) {
  if (!f.received) return "got nothing";
  if (f.binary && f.unterminated) return Say("got only {}, too few", Shown(*f.received, true));
  if (f.unterminated) return Say("got only {} (no newline ended it)", Quote(*f.received));
  return Say("got {}", Quote(*f.received));
}

// What a failed step says: what went wrong, and for some kinds what to do about it.
struct StepWords {
  StepWords(Phrase what, Phrase advice = "")  // NOLINT: most kinds say only what
      : cause(std::move(what)), fix(std::move(advice)) {}
  Phrase cause;
  Phrase fix;
};

StepWords Words(const peers::ScriptFailure& f, const observe::Observation& obs) {
  const std::string& program = obs.program.display_name;
  // A program in the middle has the reference peer on both sides: on a connection it opened
  // (f.on_server) the peer is its server.
  bool peer_client = obs.role != nullptr && obs.role->listens && !f.on_server;
  std::string peer = NameOf(obs, f.on);
  if (peer.empty()) peer = peer_client ? "the reference client" : "the reference server";
  // The last send's own side: in the middle, the client's request precedes the server's
  // expect of it. Named by the lab, its connection goes without saying.
  bool sender_client = obs.role != nullptr && obs.role->listens && !f.last_send_on_server;
  std::string sender = NameOf(obs, f.last_send_on);
  Phrase sent_on = sender.empty()
                       ? Say(" on {} {}", f.udp ? "socket" : "connection", f.last_send_on)
                       : Phrase("");
  if (sender.empty()) sender = sender_client ? "the reference client" : "the reference server";
  Phrase sent = f.last_send
                    ? Say("After {} sent {}{}, {}", sender, Shown(*f.last_send, f.sent_binary),
                          sent_on, sender == peer ? Phrase("it") : Phrase(peer))
                : f.sent ? Say("After {} sent {}, it", peer, Shown(*f.sent, f.sent_binary))
                         : Phrase(Capitalize(peer));
  if (IsFramingFailure(f.kind)) return FramingWords(f, program, sent);
  switch (f.kind) {
    case Kind::kNoAnswer:
      // `expect: nothing` with nothing come held: what failed is that the script had more.
      if (f.expected == "nothing" && !f.received && f.detail.empty())
        return Say("{} expected nothing, and nothing came: that step held{}{}.", sent,
                   f.step < obs.test->script.size() ? ", but the script had steps left" : "",
                   HowItEnded(f, obs));
      if (!f.detail.empty()) return Say("{}{}.", f.detail, HowItEnded(f, obs));
      return Say("{} expected {} and {}{}.", sent, f.expected, WhatCame(f), HowItEnded(f, obs));
    case Kind::kAnsweredElsewhere:
      return Say(
          "{} expected {} on {}, and it went to {} instead: a UDP server answers each datagram "
          "to the address recvfrom() returned with it, not to a fixed or remembered address.",
          sent, f.expected, ConnectionWords(obs, f.on, "socket"),
          ConnectionWords(obs, f.detail, "socket"));
    case Kind::kOneClientAtATime: {
      // A client by the lab's name ("the second client"), else by its order ("the third
      // client"), else by its label ("client b").
      auto client = [&](const std::string& label) {
        std::string name = NameOf(obs, label);
        return name.empty() ? "client " + label : name;
      };
      // The connection left waiting: `on`'s own ("its"), or another client's.
      std::string whose = f.starved.empty() ? "its" : client(f.starved) + "'s";
      return {Say("{} got no answer{}: your server {} while {} was connected{}, and it "
                  "was seen waiting in recv() on {}: your server blocks in recv() on one "
                  "client.",
                  Capitalize(client(f.on)), f.sent ? Say(" to {}", Quote(*f.sent)) : Phrase(""),
                  f.unaccepted ? Say("had not even accepted {} connection", whose)
                               : Say("never read {} line", whose),
                  client(f.silent), f.other_silent ? " and silent" : "",
                  f.other_seen ? Phrase(client(f.silent)) : Phrase("one client")),
              Say("Serve every client at once: {}.", ServeEveryClient(obs.program.program_path))};
    }
    case Kind::kWrongAnswer:
      return Say("{} expected {} and got {}{}.", sent, f.expected, Shown(*f.received, f.binary),
                 WhereBytesDiffer(f));
    case Kind::kUnexpectedAnswer:
      // What comes to a reference server is the program's next command, not an answer.
      return peer_client
                 ? Say("{} expected no answer and {}.", sent, WhatCame(f))
                 : Say("{} expected nothing from {} yet and {}.", sent, program, WhatCame(f));
    case Kind::kRefused:
      return Say("{} could not connect to {} on port {} ({}): it was not listening.",
                 Capitalize(peer), program, obs.port, f.detail);
    case Kind::kSendFailed:
      return Say("{} could not send {}{}.", Capitalize(peer),
                 f.sent ? Phrase(Quote(*f.sent)) : Phrase("its line"), HowItEnded(f, obs));
    case Kind::kNoConnection:
      return Say("{} expected a connection from {} and none came{}.", Capitalize(peer), program,
                 HowItEnded(f, obs));
    case Kind::kNoReconnect:
      return {Say("After the reference server went away and came back on the same "
                  "port, {} did not connect again{}.",
                  program, HowItEnded(f, obs)),
              "When recv() returns nothing (or send() fails with BrokenPipeError or "
              "ConnectionResetError), close the socket, connect again (retrying until the server "
              "is back) and send the line that got no answer again."};
    case Kind::kUnwantedConnection:
      if (std::string server = NameOf(obs, f.on); !server.empty())
        return Say(
            "{} opened a connection to {} where none should come: the answer was to come "
            "without asking {} again.",
            program, server, server);
      if (std::optional<spec::Opened> o = spec::OpenedAt(NamingOf(obs).script, f.on);
          o && o->of > 1)
        return Say(
            "{} opened its {} connection to the reference server where none should come: the "
            "answer was to come without asking the server again.",
            program, Ordinal(o->nth));
      return Say(
          "{} opened a connection to the reference server where none should come: the answer "
          "was to come without asking the server again.",
          program);
    case Kind::kMissingMessage:
      return Say("{} waited for {} message{} from {} and got {}{}{}.", Capitalize(peer),
                 f.count < 0 ? std::string("every") : std::to_string(f.count),
                 f.count == 1 ? "" : "s", program, f.got,
                 f.received ? Say(" and then {} with no newline", Quote(*f.received)) : Phrase(""),
                 HowItEnded(f, obs));
    case Kind::kNotListeningAgain:
      return Say("{} was not listening again on port {} in time after it was started again.",
                 program, obs.port);
    case Kind::kGrader:
    case Kind::kCaseEndedFirst:  // with the program running (EndedBeforeTheScript otherwise)
      return {Say("The grader could not play this step: {}.", f.detail),
              "This is not your program's fault."};

    default:
      break;
  }
  return StepWords(Phrase());
}

Code CodeOf(Kind kind, const observe::Observation& obs) {
  switch (kind) {
    case Kind::kNoAnswer:
    case Kind::kSendFailed:
      return Code::kNoAnswer;
    case Kind::kOneClientAtATime:
      return Code::kOneClientAtATime;
    case Kind::kAnsweredElsewhere:
      return Code::kReplyToFixedAddress;
    case Kind::kWrongAnswer:
      return Code::kWrongContent;
    case Kind::kUnexpectedAnswer:
      return Code::kExtraMessage;
    case Kind::kRefused:
      // Not listening again is said only after the script started the program again; before
      // that, a server that refuses a connection has stopped listening (closed its socket,
      // or exited: its exit is told too).
      if (obs.restart.starts > 0) return Code::kNotListeningAgain;
      return obs.program.exited ? Code::kStoppedEarly : Code::kStoppedListening;
    case Kind::kNotListeningAgain:
      return Code::kNotListeningAgain;
    case Kind::kNoConnection:
      return Code::kNeverConnected;
    case Kind::kNoReconnect:
      return Code::kNoReconnect;
    case Kind::kUnwantedConnection:
      return Code::kUnwantedConnection;
    case Kind::kMissingMessage:
      return Code::kMissingMessage;
    case Kind::kGrader:
    case Kind::kCaseEndedFirst:
      return Code::kGraderProblem;
    default:
      break;
  }
  return Code::kGraderProblem;
}

}  // namespace

// The case ended while the script waited for the program to come to rest: a program that
// exited then is told by its exit (a server that exits after one client: stopped_early), with
// the steps it left unplayed.
Finding EndedBeforeTheScript(const peers::ScriptFailure& f, const observe::Observation& obs,
                             const SocketTerms& terms) {
  const observe::ProgramRun& run = obs.program;
  if (obs.test->expect.exit == spec::ExitRule::kRunning)
    if (Finding stop = CheckExitRule(spec::ExitRule::kRunning, run, terms, InputUse::kRead,
                                     TracebackContextOf(obs, terms));
        !stop.ok())
      return stop;
  Finding crash = CrashOf(obs, terms);
  Finding ended{.code = crash.ok() ? Code::kStoppedEarly : crash.code,
                .cause = Say("{} {} before the script was over: it had steps left "
                             "for it.",
                             run.display_name, DescribeExit(run))};
  ended.AddNote(crash.Text());
  ended.AddNote(StepNote(f, obs, terms));
  return ended;
}

Finding CheckScript(const observe::Observation& obs, const SocketTerms& terms) {
  if (!obs.script_failure) return Finding::Ok();
  const peers::ScriptFailure& f = *obs.script_failure;
  if (f.kind == Kind::kCaseEndedFirst && obs.program.exited)
    return EndedBeforeTheScript(f, obs, terms);
  // A server that should have kept running and exited was not listening because it was gone:
  // its exit is the cause. The refusal may come before the grader has seen the exit (a server
  // that exits after one client, its listening socket closed, the process not yet reaped).
  if (f.kind == Kind::kRefused && obs.program.exited &&
      obs.test->expect.exit == spec::ExitRule::kRunning)
    return EndedBeforeTheScript(f, obs, terms);
  StepWords words = Words(f, obs);
  // Where the bytes differ is evidence, the step's hint advice: after the words' own advice,
  // when they have some, they are notes.
  Finding out{.code = IsFramingFailure(f.kind) ? FramingCode(f) : CodeOf(f.kind, obs),
              .cause = words.cause,
              .evidence = words.fix.empty() ? f.bytes_note : "",
              .fix = words.fix.empty() ? Phrase(f.hint) : words.fix,
              .notes = words.fix.empty() ? std::vector<std::string>{}
                                         : std::vector<std::string>{f.bytes_note, f.hint}};
  out.AddNote(StepNote(f, obs, terms));
  if (f.kind == Kind::kWrongAnswer || f.kind == Kind::kNoAnswer ||
      f.kind == Kind::kUnexpectedAnswer || f.kind == Kind::kOneClientAtATime ||
      f.kind == Kind::kAnsweredElsewhere) {
    Difference d;
    d.sent = f.kind == Kind::kOneClientAtATime || !f.last_send ? f.sent : f.last_send;
    if (f.kind != Kind::kUnexpectedAnswer) {
      d.expected = f.expected_text.value_or(f.expected);
      d.expected_described = !f.expected_text.has_value();
    }
    d.received = f.received;
    if (f.kind == Kind::kWrongAnswer) d.rejected_at = f.rejected_at;
    d.binary = f.binary;
    d.sent_binary = f.sent_binary;
    out.difference = d;
  }
  // Datagrams, nothing came back to this socket, and the server was seen answering to a port
  // where nothing listens (an address written in it, 127.0.0.1:5354): that is why, and the
  // code says so as it does outside scripts (reply_to_fixed_address), not "no answer".
  if (f.kind == Kind::kNoAnswer && terms.datagrams && obs.role->listens && !f.received)
    if (Phrase elsewhere = AnswersElsewhere(obs); !elsewhere.empty())
      out = Finding{.code = Code::kReplyToFixedAddress,
                    .cause = elsewhere,
                    .fix =
                        "A UDP server answers each datagram to the address recvfrom() returned "
                        "with it (sendto(answer, address)), not to an address written in the "
                        "program.",
                    .notes = {out.Text()},
                    .difference = out.difference};
  // No connection came, and the program was seen connecting elsewhere (an address written in
  // it: ("localhost", 1025)): that leads, as in the client labs, and its crash follows.
  // Where its connects cannot be seen (no network namespace of the case's own), its own
  // "Connection refused" says the same without the port.
  if (f.kind == Kind::kNoConnection) {
    Finding elsewhere = CheckStraySends(obs);
    Finding crash = CrashOf(obs, terms);
    if (elsewhere.ok() && !crash.ok() &&
        obs.program.stderr_text.find("Connection refused") != std::string::npos)
      elsewhere = Finding{.code = Code::kNeverConnected,
                          .cause = Say("{}'s connect() was refused: nothing listens where "
                                       "it connected.",
                                       obs.program.display_name),
                          .fix =
                              "Does it connect to a port or host written in the program "
                              "instead of the one it was given?"};
    if (!elsewhere.ok()) {
      Finding led{.code = elsewhere.code,
                  .cause = elsewhere.cause,
                  .evidence = elsewhere.Rest(),
                  .notes = {out.Text()},
                  .difference = out.difference};
      if (!crash.ok()) led.AddNote(crash.Text());
      return led;
    }
  }
  // A program that died explains a missing answer better: both are told, the crash's code. A
  // client that died of the peer's restart (BrokenPipeError) is told the restart's code: what
  // it must do is come back. A traceback the step's words would bury leads: its cause when it
  // is a known mistake, else the exception where it was raised.
  if (f.kind != Kind::kGrader && f.kind != Kind::kCaseEndedFirst && f.kind != Kind::kWrongAnswer)
    if (Finding crash = CrashOf(obs, terms); !crash.ok()) {
      if (f.kind == Kind::kNoReconnect) {
        out.AddNote(crash.Text());
        return out;
      }
      Phrase cause = CrashCause(obs.program, TracebackContextOf(obs, terms));
      Phrase lead = cause.empty() ? RaisedAt(obs.program.stderr_text) : cause;
      // The crash's own cause leads; what it said after that follows the step's words.
      std::string rest = !cause.empty() && crash.cause == cause ? crash.Rest() : crash.Text();
      Finding led{.code = crash.code,
                  .cause = lead.empty() ? out.cause : lead,
                  .evidence = lead.empty() ? out.Rest() : out.Text(),
                  .difference = out.difference};
      led.AddNote(rest);
      return led;
    }
  return out;
}

}  // namespace netgrade::check
