#include "harness/check/output_checks.h"

#include <fmt/core.h>
#include <re2/re2.h>

#include <memory>

#include "harness/base/text.h"
#include "harness/check/peer_messages.h"
#include "harness/check/program.h"
#include "harness/check/spec_hints.h"
#include "harness/check/traceback.h"

namespace netgrade::check {
namespace {

constexpr size_t kShownLines = 5;

std::string Plural(size_t n, const std::string& unit) {
  return fmt::format("{} {}{}", n, unit, n == 1 ? "" : "s");
}

// What came, for the reader to compare with what was expected: the last few lines, each
// quoted (escaped and cut), and the line the cause names (`about`, 1-based; 0: none) when it is
// before them; or that nothing came.
std::string WhatCame(const std::vector<std::string>& lines, const std::string& unit,
                     size_t about = 0) {
  if (lines.empty()) return fmt::format("Not a single {} came.", unit);
  size_t first = lines.size() > kShownLines ? lines.size() - kShownLines : 0;
  const bool before = about > 0 && about <= first;  // the line named is not among the last
  if (before && about == first) first = about - 1;  // it is the one just before them: no gap
  std::string out;
  if (first == 0)
    out = "What came:";
  else if (before && about - 1 < first)
    out = fmt::format(
        "{} {} and the last {} of the {} {}s that came:", unit == "line" ? "Line" : "Datagram",
        about, lines.size() - first, lines.size(), unit);
  else
    out = fmt::format("The last {} of the {} {}s that came:", lines.size() - first, lines.size(),
                      unit);
  if (before && about - 1 < first)
    out += fmt::format("\n    {}: {}\n    ...", about, Quote(lines[about - 1], 80));
  for (size_t i = first; i < lines.size(); ++i)
    out += fmt::format("\n    {}: {}", i + 1, Quote(lines[i], 80));
  return out;
}

// The spec's hint goes right after the sentence it explains, before the lines that came: the
// rule's hint is the fix, and the lines that came follow it as a note; without a hint they
// are the evidence.
Finding RuleBroken(Code code, Phrase cause, const spec::LineRule& rule,
                   const std::vector<std::string>& lines, const std::string& unit,
                   size_t about = 0) {
  if (rule.hint.empty())
    return Finding{
        .code = code, .cause = std::move(cause), .evidence = WhatCame(lines, unit, about)};
  return Finding{.code = code,
                 .cause = std::move(cause),
                 .fix = HintSentence(rule.hint),
                 .notes = {WhatCame(lines, unit, about)}};
}

std::unique_ptr<RE2> Compile(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  return std::make_unique<RE2>(pattern, options);
}

bool Blank(const std::string& line) {
  return TrimRight(line).find_first_not_of(" \t") == std::string_view::npos;
}

// "exactly 10", "at least 8", "at most 3", "from 2 to 5".
std::string Bounds(const spec::LineRule& r) {
  if (r.at_most == r.at_least) return fmt::format("exactly {}", r.at_least);
  if (r.at_most < 0) return fmt::format("at least {}", r.at_least);
  if (r.at_least == 0) return fmt::format("at most {}", r.at_most);
  return fmt::format("from {} to {}", r.at_least, r.at_most);
}

}  // namespace

Finding CheckLineRules(const std::vector<spec::LineRule>& rules,
                       const std::vector<std::string>& lines, const std::string& who,
                       const std::string& unit) {
  // Each kind keeps its own place in the lines: matches and contains are two lists in order.
  size_t next_match = 0, next_contains = 0;
  for (const spec::LineRule& rule : rules) {
    switch (rule.kind) {
      case spec::LineRule::Kind::kMatches:
      case spec::LineRule::Kind::kContains: {
        const bool regex = rule.kind == spec::LineRule::Kind::kMatches;
        size_t& from = regex ? next_match : next_contains;
        std::unique_ptr<RE2> re = regex ? Compile(rule.pattern) : nullptr;
        size_t i = from;
        for (; i < lines.size(); ++i)
          if (regex ? (re->ok() && RE2::PartialMatch(lines[i], *re))
                    : lines[i].find(rule.pattern) != std::string::npos)
            break;
        if (i < lines.size()) {
          from = i + 1;
          continue;
        }
        Phrase after =
            from == 0 ? Phrase("") : Say(" after {} {} ({})", unit, from, Quote(lines[from - 1]));
        return RuleBroken(Code::kNoMatchingLine,
                          Say("{} no {}{} {} {}.", who, unit, after,
                              regex ? "matching the pattern" : "holding", Quote(rule.pattern)),
                          rule, lines, unit, from);
      }
      case spec::LineRule::Kind::kCount: {
        std::unique_ptr<RE2> re = rule.pattern.empty() ? nullptr : Compile(rule.pattern);
        int64_t n = 0;
        for (const std::string& line : lines)
          if (re ? (re->ok() && RE2::PartialMatch(line, *re)) : !Blank(line)) ++n;
        if (n >= rule.at_least && (rule.at_most < 0 || n <= rule.at_most)) continue;
        Phrase which = re ? Say(" matching the pattern {}", Quote(rule.pattern))
                          : Phrase(" (not counting blank ones)");
        return RuleBroken(Code::kLineCount,
                          Say("{} {}{}, where this case expects {}.", who,
                              Plural(static_cast<size_t>(n), unit), which, Bounds(rule)),
                          rule, lines, unit);
      }
    }
  }
  return Finding::Ok();
}

Finding CheckOutputRules(const observe::Observation& obs, const SocketTerms& terms) {
  const spec::Expect& e = obs.test->expect;
  if (!e.stdout_rules.empty())
    if (Finding f = CheckLineRules(e.stdout_rules, SplitLines(obs.stdout_text),
                                   obs.program.display_name + " printed", "line");
        !f.ok())
      return f;
  if (e.received_rules.empty()) return Finding::Ok();
  std::vector<std::string> got, every;
  for (const peers::ConnectionLog& log : obs.connections)
    for (const std::string& m : MessagesOf(log, terms)) {
      every.push_back(m);
      // As `received` counts them: datagrams with faults, the same one twice in a row is one
      // message sent again after a loss.
      if (terms.datagrams && !obs.test->faults.Empty() && !got.empty() && got.back() == m) continue;
      got.push_back(m);
    }
  // `resends: counted`: those counts see every datagram ("at most 3 sends").
  std::vector<spec::LineRule> once, counted;
  for (const spec::LineRule& r : e.received_rules)
    (r.resends_counted ? counted : once).push_back(r);
  const std::string& unit = terms.message;
  if (Finding f = CheckLineRules(once, got, "The reference server received", unit); !f.ok())
    return f;
  return CheckLineRules(counted, every, "The reference server received", unit);
}

Finding CheckExitStatus(int status, const observe::ProgramRun& run) {
  if (!run.exited)
    return Finding{.code = Code::kDidNotExit,
                   .cause = Say("{} did not exit by itself before the case ended{}, where "
                                "this case expects it to exit with status {}.",
                                run.display_name, SpunInsteadOfExiting(run), status)};
  if (run.signal == 0 && run.status == status) return Finding::Ok();
  std::string err = Tail(run.stderr_text, 3);
  return Finding{.code = Code::kWrongExitStatus,
                 .cause = Say("{} {}, where this case expects it to exit with status {}.",
                              run.display_name, DescribeExit(run), status),
                 .evidence = err.empty() ? "" : "\n  The end of its stderr:\n" + Visible(err)};
}

bool ExitedWithRequiredStatus(const spec::Expect& e, const observe::ProgramRun& run) {
  return e.exit_status && run.exited && run.signal == 0 && run.status == *e.exit_status;
}

Finding CheckNoTraceback(const observe::ProgramRun& run, const TracebackContext& context) {
  const std::string& err = run.stderr_text;
  const bool python = err.find("Traceback (most recent call last):") != std::string::npos;
  const bool cpp = err.find("terminate called") != std::string::npos;
  if (!python && !cpp) return Finding::Ok();
  std::vector<std::string> lines = SplitLines(err);
  while (!lines.empty() && TrimRight(lines.back()).empty()) lines.pop_back();
  std::string last = lines.empty() ? "" : std::string(TrimRight(lines.back()));
  last.erase(0, last.find_first_not_of(" \t"));  // C++'s "  what():  ..." line
  std::string explained = python ? ExplainTraceback(err, context) : "";
  return Finding{
      .code = Code::kTraceback,
      .cause =
          Say("{} {} on stderr, ending in {}, where this case expects none: {}.", run.display_name,
              python ? "printed a Python traceback" : "ended with an uncaught C++ exception",
              Quote(last, 120),
              python ? "catch the exception where it can happen and handle it"
                     : "catch the exception (try/catch) where it can happen and handle it"),
      .evidence = explained};
}

}  // namespace netgrade::check
