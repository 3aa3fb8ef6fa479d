#include "harness/kinds/sockets/words.h"

#include <fmt/core.h>

#include <utility>
#include <vector>

#include "harness/base/text.h"
#include "harness/kinds/role_words.h"
#include "harness/kinds/sockets/script_words.h"

namespace netgrade::sockets {
using spec::Case;
using spec::Protocol;
using spec::SendMode;
using spec::Transform;
namespace {

// How the messages of one connection go out, in the words that fit the protocol and whether
// anything answers them.
std::string ModeText(const spec::Spec& spec, const Case& c, SendMode m) {
  bool answers = c.expect.replies != Transform::kNone;
  if (spec.protocol == Protocol::kUdp)
    return answers && m == SendMode::kConversation
               ? "one datagram each, each after the previous answer"
               : "one datagram each";
  switch (m) {
    case SendMode::kConversation:
      return answers ? "one at a time, each after the previous answer" : "one write each";
    case SendMode::kOneWrite:
      return "all in one write";
    case SendMode::kLinePerWrite:
      return answers ? "one write each, without waiting for answers" : "one write each";
  }
  return "";
}

// "{upper} [answer {n}]" -> the message in upper case + " [answer " + its number + "]".
std::string ReplyInWords(const std::string& reply) {
  std::vector<std::string> parts;
  std::string literal;
  for (size_t i = 0; i < reply.size();) {
    std::string word;
    for (auto [p, w] : {std::pair<const char*, const char*>{"{line}", "the message"},
                        {"{upper}", "the message in upper case"},
                        {"{n}", "its number (1, 2, ...)"}})
      if (reply.compare(i, std::string(p).size(), p) == 0) {
        word = w;
        i += std::string(p).size();
        break;
      }
    if (word.empty()) {
      literal += reply[i++];
      continue;
    }
    if (!literal.empty()) parts.push_back(fmt::format("\"{}\"", literal));
    literal.clear();
    parts.push_back(word);
  }
  if (!literal.empty()) parts.push_back(fmt::format("\"{}\"", literal));
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : " + ") + parts[i];
  return out.empty() ? "an empty line" : out;
}

// What the reference peer does: the client's connections and what each sends, or what the
// server answers.
std::string PeerWords(const spec::Spec& spec, const Case& c, const spec::Role& role) {
  std::string out;
  const char* unit = spec.protocol == Protocol::kTcp ? "connection" : "client socket";
  if (role.listens) {
    size_t n = c.peer.connections.size();
    std::string how = n == 1              ? ""
                      : c.peer.interleave ? " at once, taking turns"
                                          : ", one after the other";
    out += fmt::format("    The reference client {} {} {}{}{}:\n",
                       c.peer.interleave ? "opens" : "makes", n, unit, n == 1 ? "" : "s", how);
    for (size_t i = 0; i < n; ++i)
      out += fmt::format("      {} {}: sends {} ({})\n", unit, i + 1,
                         QuoteItems(c.peer.connections[i].send),
                         ModeText(spec, c, c.peer.connections[i].mode));
  } else if (!c.script.empty()) {
    out += "    The reference server plays the script below: it answers only as its steps say.\n";
  } else {
    out += c.peer.reply
               ? fmt::format("    The reference server answers every message{} with {}.\n",
                             c.peer.answers_without_newline
                                 ? " (also one without its newline, once the client waits)"
                                 : "",
                             ReplyInWords(*c.peer.reply))
               : "    The reference server listens and records what arrives; it never answers.\n";
  }
  // Computed answers and frames (spec/captures.h).
  if (c.peer.matches)
    out += fmt::format(
        "    It answers only a message in which /{}/ is found; {{name}} in its answer is "
        "what the group (?P<name>...) found there.\n",
        *c.peer.matches);
  if (!c.peer.frame.empty())
    out += fmt::format(
        "    Each message goes on the wire as \"{}\" ({{n}} its number, {{bit}} 0, 1, "
        "0, 1...).\n",
        c.peer.frame);
  if (c.peer.await)
    out += fmt::format(
        "    Each waits for the answer \"{}\" before the next{}; other answers are "
        "ignored.\n",
        *c.peer.await,
        c.peer.resend_ms > 0
            ? fmt::format(", sent again every {} ms until it comes", c.peer.resend_ms)
            : "");
  return out;
}

}  // namespace

std::string RoleWords(const spec::Role& r) {
  std::string port;
  switch (r.port_via) {
    case spec::PortVia::kArgv:
      port = "the port comes in its arguments";
      break;
    case spec::PortVia::kEnv:
      port = fmt::format("the port comes in ${}", r.port_env);
      break;
    case spec::PortVia::kFixed:
      port = fmt::format("port {}, written in the program", r.fixed_port);
      break;
  }
  return fmt::format("{}; {}; {}\n", kinds::RoleHeading(r), port,
                     r.listens ? "it listens" : "it connects");
}

std::string CaseWords(const spec::Spec& spec, const Case& c) {
  const spec::Role* role = spec.FindRole(c.role);
  if (role == nullptr) return "";
  // A script replaces the reference client's connections; a reference server's reply still
  // says how its `answer` steps answer.
  if (!c.script.empty() && role->listens) return ScriptText(spec, c, *role);
  return PeerWords(spec, c, *role) + ScriptText(spec, c, *role);
}

}  // namespace netgrade::sockets
