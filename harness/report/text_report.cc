#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "harness/base/text.h"
#include "harness/report/report.h"

namespace netgrade::report {
namespace {

constexpr size_t kTranscriptLines = 40;

const char* Label(const check::CaseResult& c) {
  switch (c.verdict) {
    case check::Verdict::kPass:
      return "PASS ";
    case check::Verdict::kFail:
      return "FAIL ";
    case check::Verdict::kGraderError:
      return "ERROR";
  }
  return "?";
}

// Indents every line of a multi-line explanation under its case.
std::string Indent(const std::string& text, const std::string& pad) {
  std::string out = pad;
  for (char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  while (!out.empty() && (out.back() == ' ')) out.pop_back();
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

// Each case gets a port of its own, so a wrong-port diagnosis (or a connect() to the wrong
// port) differs from case to case only in its numbers: compared without them, the advice is
// given once.
std::string SameAdviceKey(const check::CaseResult& c) {
  if (c.code != check::Code::kWrongPort && c.code != check::Code::kNeverConnected) return c.message;
  std::string key;
  for (char ch : c.message)
    if (!std::isdigit(static_cast<unsigned char>(ch)))
      key += ch;
    else if (key.empty() || key.back() != '#')
      key += '#';
  return std::string(check::CodeName(c.code)) + ":" + key;
}

// Lines of the transcript after the fault plan (which case_runner puts first).
size_t TrafficLines(const check::CaseResult& c) {
  bool plan_first = !c.transcript.empty() && c.transcript.front() == c.fault_plan;
  return c.transcript.size() - (plan_first ? 1 : 0);
}

}  // namespace

std::string Text(const check::GradeResult& result, bool verbose) {
  // Every string shown may come from a student (the folder's name, what a program printed):
  // each goes through Visible() so that no escape sequence reaches the terminal.
  std::string out = fmt::format("{} ({}) — submission {}\n", Visible(result.exercise),
                                Visible(result.spec_file), Visible(result.submission));
  size_t width = 0;
  for (const check::CaseResult& c : result.cases) width = std::max(width, c.name.size());
  int failed = 0;
  // An explanation already given (a missing program fails every case of its role) is
  // pointed back to rather than repeated.
  std::map<std::string, std::string> said;   // message -> the first case that gave it
  std::map<std::string, std::string> noted;  // note -> the first case that had it
  for (const check::CaseResult& c : result.cases) {
    // A case the spec hides shows its name, its result and its points, nothing of why.
    std::string hidden = HiddenDetails(c);
    std::string note = !hidden.empty() ? "(" + hidden + ")"
                       : c.passed()    ? Visible(c.description)
                                    : std::string("[") + std::string(check::CodeName(c.code)) + "]";
    out += fmt::format("  {} {:<{}}  {:>3}/{:<3} {}\n", Label(c), Visible(c.name), width, c.score,
                       c.max_score, note);
    if (!c.passed()) ++failed;
    if (!hidden.empty()) continue;
    if (!c.passed()) {
      auto [first, fresh] = said.emplace(SameAdviceKey(c), c.name);
      if (!fresh) {
        out += fmt::format("        The same as {} above{}.\n", Visible(first->second),
                           SameAdviceKey(c) == c.message ? "" : " (with this case's port)");
      } else {
        if (!c.description.empty())
          out += fmt::format("        The case: {}.\n", Visible(c.description));
        out += Indent(Visible(c.message), "        ");
      }
    }
    for (const std::string& note : c.notes) {
      auto [first, fresh] = noted.emplace(note, c.name);
      out += Indent(fresh ? "Note: " + Visible(note)
                          : fmt::format("Note: the same as for {} above.", Visible(first->second)),
                    "        ");
    }
    // Nothing crossed (a program that never connected): no block with only the fault plan.
    if ((!c.passed() || verbose) && TrafficLines(c) > 0) {
      out += "        What crossed the proxy:\n";
      // A flooding program makes thousands of events: the first ones tell the story.
      size_t shown = std::min(c.transcript.size(), kTranscriptLines);
      for (size_t i = 0; i < shown; ++i) out += "          " + Visible(c.transcript[i]) + "\n";
      if (shown < c.transcript.size())
        out += fmt::format("          ... and {} more (--format json has them all)\n",
                           c.transcript.size() - shown);
    }
  }
  out += fmt::format("Score: {}/{}", result.score, result.max_score);
  out += fmt::format(" — {}.", CasesOutcome(failed, result.cases.size()));
  out += fmt::format(" (seed {}; replay with --seed {})\n", result.seed, result.seed);
  return out;
}

std::string TextClass(const std::vector<run::GradeOutcome>& outcomes, bool verbose) {
  std::string out, summary;
  for (const run::GradeOutcome& o : outcomes) {
    const check::GradeResult& r = o.result;
    if (!out.empty()) out += "\n";
    if (o.layout_error.empty()) {
      out += Text(r, verbose);
      summary += fmt::format("  {:>12}  {}\n", fmt::format("{}/{}", r.score, r.max_score),
                             Visible(r.submission));
      continue;
    }
    out += fmt::format("{} ({}) — submission {}\n", Visible(r.exercise), Visible(r.spec_file),
                       Visible(r.submission));
    out += "  Not graded: the submission's layout is wrong.\n";
    out += Indent(Visible(o.layout_error), "        ");
    summary += fmt::format("  {:>12}  {}\n", "layout error", Visible(r.submission));
  }
  return out + fmt::format("\nSummary ({} submissions):\n", outcomes.size()) + summary;
}

}  // namespace netgrade::report
