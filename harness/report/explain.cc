#include "harness/report/explain.h"

#include <fmt/core.h>

#include "harness/base/text.h"
#include "harness/kinds/kind.h"
#include "harness/plan/fault_plan.h"
#include "harness/spec/script_rules.h"

namespace netgrade::report {
using spec::Case;
using spec::ExitRule;
using spec::Expect;
using spec::ReceivedSource;
using spec::Role;
using spec::Spec;
using spec::StdoutSource;
using spec::Topology;
using spec::Transform;
namespace {

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

std::string ExpectText(const kinds::Kind& kind, const Case& c) {
  std::string out;
  const Expect& e = c.expect;
  if (e.replies == Transform::kUpper)
    out += "    Expected: each message answered with its upper case, in order.\n";
  if (e.replies == Transform::kSame)
    out += "    Expected: each message answered unchanged, in order.\n";
  if (e.received_source == ReceivedSource::kStdin)
    out += "    Expected: the reference peer receives the input lines, in order.\n";
  if (e.received_source == ReceivedSource::kLines)
    out += fmt::format("    Expected: the reference peer receives {}.\n",
                       QuoteItems(e.received_lines));
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
      out += fmt::format("    Expected: the program prints {} in order.\n",
                         QuoteItems(e.stdout_lines));
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
  if (kind.explain_expect) out += kind.explain_expect(e);
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
  const kinds::Kind& kind = kinds::KindOf(spec.protocol);
  std::string out =
      fmt::format("{} — {} ({}, {} cases)\n", spec.exercise,
                  spec.title.empty() ? spec.exercise : spec.title, kind.label, spec.cases.size());
  if (spec.build)
    out += fmt::format(
        "  build: {} runs once in each submission's copy, contained, before its cases (at most "
        "{:.1f} s); a failed build fails every case (build_failed)\n",
        Quote(spec.build->command, 80), spec.build->timeout_ms / 1000.0);
  for (const Role& r : spec.roles) out += kind.explain_role(r);
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
      out += fmt::format("    Standard input: {}, then end of input.\n", QuoteItems(c.stdin_lines));
    if (role) out += kind.explain_case(spec, c);
    std::string to = plan::Describe(c.faults.to_student),
                from = plan::Describe(c.faults.from_student);
    if (!to.empty()) out += fmt::format("    Faults towards the program: {}.\n", to);
    if (!from.empty()) out += fmt::format("    Faults from the program: {}.\n", from);
    out += ExpectText(kind, c);
  }
  return out;
}

}  // namespace netgrade::report
