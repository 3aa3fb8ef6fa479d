#include "harness/kinds/sockets/script_words.h"

#include <fmt/core.h>

#include <vector>

#include "harness/base/bytes.h"
#include "harness/base/text.h"
#include "harness/peers/script_expect.h"
#include "harness/spec/script_repeat.h"

namespace netgrade::sockets {
namespace {

using Action = spec::Step::Action;
using Kind = spec::Answer::Kind;

// "9 bytes (hex 00 00 00 05 68 65 6c 6c 6f)".
std::string Bytes(const std::string& bytes) {
  return fmt::format("{} byte{} (hex {})", bytes.size(), bytes.size() == 1 ? "" : "s",
                     HexBytes(bytes, 32));
}

// A send's bytes, with where captured bytes go: "9 bytes (hex 00 00 00 05 68 65 6c 6c 6f)",
// "4 bytes (hex 00 00 00 10) and then {token}".
std::string SentBytes(const spec::Step& s) {
  if (!s.files_at.empty()) {
    std::string files;
    for (const auto& [at, path] : s.files_at) files += (files.empty() ? "'" : ", '") + path + "'";
    return fmt::format(
        "{}, with the bytes of the spec's file{} {} put in where the hex names "
        "them",
        Bytes(s.text), s.files_at.size() == 1 ? "" : "s", files);
  }
  if (s.captured_at.empty()) return Bytes(s.text);
  std::string hex;
  size_t from = 0;
  for (const auto& [at, name] : s.captured_at) {
    if (at > from) hex += (hex.empty() ? "" : " ") + HexBytes(s.text.substr(from, at - from), 32);
    hex += (hex.empty() ? "{" : " {") + name + "}";
    from = at;
  }
  if (from < s.text.size()) hex += " " + HexBytes(s.text.substr(from), 32);
  return fmt::format("the bytes hex {} (each {{name}} the bytes captured under it)", hex);
}

// An expect of bytes in words, and the name a later step uses for what it read.
std::string BytesExpected(const spec::Answer& a, const std::string& who) {
  if (!a.file.empty()) {
    std::string file =
        fmt::format("the bytes of the spec's file '{}' ({} bytes)", a.file, a.text.size());
    if (a.kind == Kind::kLengthPrefix)
      return fmt::format(
          "{} a length in {} byte{}, {}, then as many bytes as it "
          "says, which must be {}",
          who, a.prefix_size, a.prefix_size == 1 ? "" : "s",
          a.prefix_size == 1 ? "one byte" : peers::ByteOrderName(a.little_endian), file);
    if (a.kind == Kind::kBytes) return fmt::format("{} exactly {}", who, file);
  }
  std::string out;
  switch (a.kind) {
    case Kind::kBytes:
      out = fmt::format("{} exactly {}", who, Bytes(a.text));
      break;
    case Kind::kCount:
      out = fmt::format("{} {} byte{}, of any value", who, a.count, a.count == 1 ? "" : "s");
      break;
    case Kind::kLengthPrefix:
      out = fmt::format("{} a length in {} byte{}, {}, then as many bytes as it says{}", who,
                        a.prefix_size, a.prefix_size == 1 ? "" : "s",
                        a.prefix_size == 1 ? "one byte" : peers::ByteOrderName(a.little_endian),
                        a.body_given ? ", which must be " + Bytes(a.text) : "");
      break;
    default:
      out = fmt::format("{} bytes up to and with {}{}", who, HexBytes(a.delimiter),
                        a.body_given ? ": first " + Bytes(a.text) : "");
      break;
  }
  if (!a.capture.empty()) out += fmt::format(", kept as {{{}}} for later steps", a.capture);
  return out;
}

std::string Expected(const spec::Step& s, const std::string& who) {
  switch (s.answer.kind) {
    case Kind::kUpper:
      return fmt::format("{} the last line it sent, in upper case", who);
    case Kind::kSame:
      return fmt::format("{} the last line it sent, unchanged", who);
    case Kind::kNothing:
      return fmt::format("{} nothing before the program waits again", who);
    case Kind::kExact:
      return fmt::format("{} exactly {}", who, Quote(s.answer.text));
    case Kind::kMatches:
      return fmt::format("{} a line matching /{}/", who, s.answer.text);
    case Kind::kTemplate:
      return fmt::format(
          "{} {} with {{line}} the last line it sent, {{upper}} that line in "
          "upper case, {{n}} its number",
          who, Quote(s.answer.text));
    case Kind::kBytes:
    case Kind::kCount:
    case Kind::kLengthPrefix:
    case Kind::kUntil:
      return BytesExpected(s.answer, who);
  }
  return "";
}

// How the step's lines end, as its case says when the step says nothing.
spec::LineEnd LineEndOf(const spec::Case& c, const spec::Step& s) {
  return s.line_end_set ? s.line_end : c.line_end;
}

// ", each ended with \r\n": what an expect, a block of lines or a send asks of line ends.
std::string EndedWith(spec::LineEnd e, bool each) {
  switch (e) {
    case spec::LineEnd::kCrlf:
      return each ? ", each ended with \\r\\n" : ", ended with \\r\\n";
    case spec::LineEnd::kLf:
      return each ? ", each ended with \\n alone" : ", ended with \\n alone";
    case spec::LineEnd::kAny:
      break;
  }
  return "";
}

std::string BlockWords(const spec::LineBlock& b, const std::string& who) {
  std::string count = b.at_most < 0             ? fmt::format("at least {}", b.at_least)
                      : b.at_least == b.at_most ? fmt::format("exactly {}", b.at_least)
                                                : fmt::format("{} to {}", b.at_least, b.at_most);
  return fmt::format(
      "{} {} line{}{} and then a line matching /{}/, which ends them", who, count,
      b.at_most == 1 ? "" : "s",
      b.matching.empty() ? std::string(" of any kind") : fmt::format(" matching /{}/", b.matching),
      b.until);
}

std::string EndWords(const spec::Step& s) {
  std::string within = s.within_ms > 0 ? fmt::format("within {:.1f} s", s.within_ms / 1000.0)
                                       : "before the case ends";
  switch (s.end) {
    case spec::ConnEnd::kClosed:
      return fmt::format("the program must close connection {} (FIN) {}", s.on, within);
    case spec::ConnEnd::kReset:
      return fmt::format("the program must reset connection {} (RST) {}", s.on, within);
    case spec::ConnEnd::kOpen:
      return fmt::format("the program must keep connection {} open until it waits again", s.on);
  }
  return "";
}

std::string Hints(const spec::Step& s) {
  std::vector<std::string> parts;
  if (!s.hints.wrong.empty()) parts.push_back("if what comes is wrong: " + s.hints.wrong);
  if (!s.hints.nothing.empty()) parts.push_back("if nothing comes: " + s.hints.nothing);
  if (!s.hints.extra.empty())
    parts.push_back("if something comes that should not: " + s.hints.extra);
  if (!s.hints.closed.empty())
    parts.push_back("if the program closes the connection: " + s.hints.closed);
  if (!s.hint.empty()) parts.push_back((parts.empty() ? "if it fails: " : "otherwise: ") + s.hint);
  std::string out;
  for (const std::string& p : parts) out += "\n           hint, " + p;
  return out;
}

// Whether `s`'s connection is, at `s`, one the program opened to the reference server in a
// listening role's case (spec::PlaysBothSides): what comes on it is the program's request.
bool OpenedByProgram(const spec::Case& c, const spec::Role& role, const spec::Step& s) {
  if (!role.listens) return false;
  bool accepted = false;
  for (const spec::Step& step : c.script) {
    if (&step == &s) return accepted;
    if (step.on == s.on && (step.action == Action::kAccept || step.action == Action::kConnect))
      accepted = step.action == Action::kAccept;
  }
  return false;
}

std::string Words(const spec::Spec& spec, const spec::Case& c, const spec::Role& role,
                  const spec::Step& s) {
  const bool udp = spec.protocol == spec::Protocol::kUdp;
  const char* unit = udp ? "client socket" : "connection";
  std::string who = role.listens ? fmt::format("{} {}", unit, s.on)
                    : udp        ? std::string("the reference server")
                                 : fmt::format("connection {}", s.on);
  // What an expect reads: what the program answered the reference client, or what it sent
  // the reference server (which asked nothing: it "gets back" nothing).
  // A connection the program opened to a server of netgrade's (a proxy's origin) is read so too.
  const bool from_program = !role.listens || OpenedByProgram(c, role, s);
  std::string gets = !from_program ? who + " must get back"
                     : udp         ? std::string("the program must send the reference server")
                                   : fmt::format("the program must send on connection {}", s.on);
  switch (s.action) {
    case Action::kConnect:
      return udp ? fmt::format("the reference client opens client socket {} towards the program",
                               s.on)
                 : fmt::format(
                       "the reference client opens connection {} to the program, and goes on "
                       "once the program has accepted it",
                       s.on);
    case Action::kAccept:
      return fmt::format("the program connects to the reference server: that is connection {}",
                         s.on);
    case Action::kNoConnection:
      return fmt::format(
          "no connection comes to the reference server (connection {} would be one) until the "
          "program is seen waiting",
          s.on);
    case Action::kSend: {
      if (s.binary)
        return fmt::format(
            "{} sends {}{}{}", who,
            s.file.empty() ? SentBytes(s)
                           : fmt::format("the bytes of the spec's file '{}' ({} bytes)", s.file,
                                         s.text.size()),
            udp ? " as one datagram" : " exactly as they are, with no newline",
            s.at_once ? ", at once with the send before it (the program held still meanwhile)"
                      : "");
      bool crlf = LineEndOf(c, s) == spec::LineEnd::kCrlf;
      return fmt::format(
          "{} sends {}{}{}", who, Quote(s.text, 80),
          udp         ? " as one datagram"
          : s.newline ? (crlf ? " and \\r\\n (each of its lines ended so)" : " and a newline")
                      : " with no newline (the rest of the line comes later)",
          s.at_once ? ", at once with the send before it (the program held still meanwhile)" : "");
    }
    case Action::kExpect:
      return Expected(s, gets) + (s.answer.kind == Kind::kNothing || s.answer.binary()
                                      ? ""
                                      : EndedWith(LineEndOf(c, s), false));
    case Action::kLines:
      return BlockWords(s.block, gets) + EndedWith(LineEndOf(c, s), true);
    case Action::kEnd:
      return EndWords(s);
    case Action::kAnswer:
      return fmt::format("the reference server answers {} on {} as peer.reply says ({})",
                         s.count < 0    ? std::string("every message, until the program closes it")
                         : s.count == 1 ? std::string("the next message")
                                        : fmt::format("the next {} messages", s.count),
                         udp ? "its socket" : "connection " + s.on,
                         Quote(c.peer.reply.value_or("{upper}")));
    case Action::kClose:
      return fmt::format("{} is closed{}", who, udp ? "" : " (FIN)");
    case Action::kReset:
      return fmt::format("{} is reset (RST), as by a client that crashed", who);
    case Action::kCloseStdin:
      return "the program's standard input ends";
    case Action::kStdin:
      return fmt::format("the line {} is written to the program's standard input",
                         Quote(s.text, 80));
    case Action::kUntilWaiting:
      return "wait until the program is seen waiting for input, with nothing pending";
    case Action::kUntilReceived:
      return fmt::format("wait until the reference peer has received {} message{} in all", s.count,
                         s.count == 1 ? "" : "s");
    case Action::kPause:
      return fmt::format("let {:.1f} s pass", s.ms / 1000.0);
    case Action::kStopStudent:
      return "the program is stopped (SIGTERM, then SIGKILL) until it is gone";
    case Action::kStartStudent:
      return "the program is started again, as at the case's start";
    case Action::kListening:
      return fmt::format("the program must be listening again within {:.1f} s", s.ms / 1000.0);
    case Action::kStopPeer:
      return "the reference server goes away: its connections and its port close";
    case Action::kStartPeer:
      return "the reference server listens again on the same port";
    default:  // a step this text does not know yet: named as the spec writes it
      return fmt::format("{}{}", spec::StepName(s.action), s.on.empty() ? "" : " on " + s.on);
  }
}

}  // namespace

std::string ScriptText(const spec::Spec& spec, const spec::Case& c, const spec::Role& role) {
  if (c.script.empty()) return "";
  std::string out =
      fmt::format("    The script, step by step ({}):\n",
                  role.listens ? "the reference client's part" : "the reference server's part");
  for (size_t i = 0; i < c.script.size(); ++i) {
    const spec::Step& s = c.script[i];
    std::string line =
        s.mark.line > 0 ? fmt::format(" (line {}{})", s.mark.line, spec::RoundWords(s)) : "";
    out += fmt::format("      {:>2}.{} {}.{}\n", i + 1, line, Words(spec, c, role, s), Hints(s));
  }
  return out;
}

}  // namespace netgrade::sockets
