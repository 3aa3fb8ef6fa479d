#include "harness/report/explain.h"

#include <fmt/core.h>

#include "harness/base/text.h"
#include "harness/kinds/kind.h"
#include "harness/plan/fault_plan.h"
#include "harness/report/explain_script.h"
#include "harness/spec/script_rules.h"

namespace netgrade::report {
using spec::Case;
using spec::Connection;
using spec::ExitRule;
using spec::Expect;
using spec::Protocol;
using spec::ReceivedSource;
using spec::Role;
using spec::SendMode;
using spec::Spec;
using spec::StdoutSource;
using spec::Topology;
using spec::Transform;
namespace {

// Up to ten items: enough to see that two are swapped.
std::string Quoted(const std::vector<std::string>& items, size_t max = 10) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < max; ++i) {
    std::string item = items[i].size() > 50
                           ? items[i].substr(0, 47) + fmt::format("... ({} bytes)", items[i].size())
                           : items[i];
    out += (i == 0 ? "" : ", ") + fmt::format("'{}'", item);
  }
  if (items.size() > max) out += fmt::format(" and {} more", items.size() - max);
  return out;
}

// How the messages of one connection go out, in the words that fit the protocol and whether
// anything answers them.
std::string ModeText(const Spec& spec, const Case& c, SendMode m) {
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

std::string RoleText(const Spec& spec, const Role& r) {
  std::string names;
  for (size_t i = 0; i < r.names.size(); ++i)
    names += (i == 0 ? "" : i + 1 == r.names.size() ? " or " : ", ") + r.names[i];
  std::string args;
  for (const std::string& a : r.argv) args += " " + a;
  std::string port;
  if (const kinds::Kind* kind = kinds::KindOf(spec.protocol)) return kind->explain_role(r);
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
  return fmt::format(
      "  role {}: the program {} (an executable, or the same name with .py; letter case does not "
      "matter)\n"
      "    run with {}; {}; {}\n",
      r.name, names, args.empty() ? "no arguments" : "arguments" + args, port,
      r.listens ? "it listens" : "it connects");
}

std::string PeerText(const Spec& spec, const Case& c, const Role& role) {
  std::string out;
  if (const kinds::Kind* kind = kinds::KindOf(spec.protocol)) return kind->explain_case(c);
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
                         Quoted(c.peer.connections[i].send),
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

// "a line matching '^Reply'", "at least 8 lines matching '^Reply'" (hint)".
std::string RuleWords(const spec::LineRule& r) {
  std::string what;
  std::string matching = r.pattern.empty() ? "" : " matching '" + r.pattern + "'";
  if (r.kind == spec::LineRule::Kind::kMatches)
    what = "a line matching '" + r.pattern + "'";
  else if (r.kind == spec::LineRule::Kind::kContains)
    what = "a line holding '" + r.pattern + "'";
  else if (r.at_most == r.at_least)
    what = fmt::format("exactly {} lines{}", r.at_least, matching);
  else if (r.at_most < 0)
    what = fmt::format("at least {} lines{}", r.at_least, matching);
  else
    what = fmt::format("{} to {} lines{}", r.at_least, r.at_most, matching);
  return r.hint.empty() ? what : what + " (" + r.hint + ")";
}

std::string ExpectText(spec::Protocol protocol, const Case& c) {
  std::string out;
  const Expect& e = c.expect;
  if (e.replies == Transform::kUpper)
    out += "    Expected: each message answered with its upper case, in order.\n";
  if (e.replies == Transform::kSame)
    out += "    Expected: each message answered unchanged, in order.\n";
  if (e.received_source == ReceivedSource::kStdin)
    out += "    Expected: the reference peer receives the input lines, in order.\n";
  if (e.received_source == ReceivedSource::kLines)
    out += fmt::format("    Expected: the reference peer receives {}.\n", Quoted(e.received_lines));
  switch (e.stdout_source) {
    case StdoutSource::kPeerSent:
      out += "    Expected: the program prints every message sent, each on its own line.\n";
      break;
    case StdoutSource::kPeerReplies:
      out +=
          "    Expected: the program prints the server's answers, in order (a prompt or prefix is "
          "fine).\n";
      break;
    case StdoutSource::kLines:
      out += fmt::format("    Expected: the program prints {} in order.\n", Quoted(e.stdout_lines));
      break;
    case StdoutSource::kUnchecked:
      break;
  }
  for (const spec::LineRule& r : e.stdout_rules)
    out += fmt::format("    Expected: the program prints {}.\n", RuleWords(r));
  for (const spec::LineRule& r : e.received_rules)
    out += fmt::format("    Expected: the reference server receives {}.\n", RuleWords(r));
  if (e.received_ids)
    out += fmt::format(
        "    Expected: each query the reference server receives carries a new id (the group id of "
        "/{}/): the one before's only when it is the same query sent again.\n",
        e.received_ids->pattern);
  if (e.exit_status)
    out += fmt::format("    Expected: it exits by itself with status {}.\n", *e.exit_status);
  else if (e.exit == ExitRule::kRequired)
    out += "    Expected: it exits by itself at the end of its input, with status 0.\n";
  if (e.no_traceback) out += "    Expected: no traceback on stderr.\n";
  if (const kinds::Kind* kind = kinds::KindOf(protocol); kind && kind->explain_expect)
    out += kind->explain_expect(e);
  for (const spec::ExpectedFile& f : e.files)
    out += f.absent ? fmt::format("    Expected: it writes no file '{}' in its folder.\n", f.path)
           : f.same_as.empty()
               ? fmt::format("    Expected: it writes the file '{}' in its folder, holding {}.\n",
                             f.path, Quote(f.text, 80))
               : fmt::format(
                     "    Expected: it writes the file '{}' in its folder, byte for byte "
                     "the spec's '{}'.\n",
                     f.path, f.same_as);
  if (e.exit == ExitRule::kRunning)
    out += "    Expected: it keeps running (a server serves the next client).\n";
  if (out.empty())
    out = spec::ScriptChecks(c.script)
              ? "    Expected: every step of the script as written (the rest is not checked).\n"
              : "    Expected: nothing is checked; any program passes.\n";
  return out;
}

}  // namespace

std::string Explain(const Spec& spec) {
  std::string out = fmt::format("{} — {} ({}, {} cases)\n", spec.exercise,
                                spec.title.empty() ? spec.exercise : spec.title,
                                kinds::KindOf(spec.protocol) ? kinds::KindOf(spec.protocol)->label
                                : spec.protocol == Protocol::kTcp ? "TCP"
                                                                  : "UDP",
                                spec.cases.size());
  if (spec.build)
    out += fmt::format(
        "  build: {} runs once in each submission's copy, contained, before its cases (at most "
        "{:.1f} s); a failed build fails every case (build_failed)\n",
        Quote(spec.build->command, 80), spec.build->timeout_ms / 1000.0);
  for (const Role& r : spec.roles) out += RoleText(spec, r);
  for (const Case& c : spec.cases) {
    const Role* role = spec.FindRole(c.role);
    out += fmt::format("\n  {} [{}] — {} point{}, timeout {:.1f} s{}\n", c.name, c.role, c.points,
                       c.points == 1 ? "" : "s", c.timeout_ms / 1000.0,
                       c.topology == Topology::kTwoHosts ? ", two hosts" : "");
    if (!c.description.empty()) out += fmt::format("    {}\n", c.description);
    if (c.points == 0)
      out += spec.letters == spec::Letters::kAscii && ChecksLettersOutsideAscii(c)
                 ? "    Not graded: it needs letters outside ASCII upper-cased, which this spec "
                   "does not grade (letters: ascii; letters: unicode would). It runs and "
                   "explains; its failure fails nothing.\n"
                 : "    Not graded (0 points): it runs and explains; its failure fails nothing.\n";
    if (c.visibility != spec::Visibility::kVisible)
      out += fmt::format("    A student sees its result and points now, why {} (visibility: {}).\n",
                         c.visibility == spec::Visibility::kHidden ? "never"
                         : c.visibility == spec::Visibility::kAfterDueDate
                             ? "only after the due date"
                             : "only once the grades are published",
                         spec::VisibilityName(c.visibility));
    if (c.argv) {
      std::string args;
      for (const std::string& a : *c.argv) args += " " + a;
      out += fmt::format("    Its command line, this case's own: {}{}.\n", c.role, args);
    }
    if (!c.stdin_lines.empty())
      out += fmt::format("    Standard input: {}, then end of input.\n", Quoted(c.stdin_lines));
    // A script replaces the reference client's connections; a reference server's reply
    // still says how its `answer` steps answer.
    if (role && (c.script.empty() || !role->listens)) out += PeerText(spec, c, *role);
    if (role) out += ScriptText(spec, c, *role);
    std::string to = plan::Describe(c.faults.to_student),
                from = plan::Describe(c.faults.from_student);
    if (!to.empty()) out += fmt::format("    Faults towards the program: {}.\n", to);
    if (!from.empty()) out += fmt::format("    Faults from the program: {}.\n", from);
    out += ExpectText(spec.protocol, c);
  }
  return out;
}

}  // namespace netgrade::report
