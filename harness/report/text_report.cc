#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <set>

#include "harness/base/text.h"
#include "harness/report/report.h"
#include "harness/report/style.h"
#include "harness/report/text_diff.h"

namespace netgrade::report {
namespace {

constexpr size_t kTranscriptLines = 40;
constexpr size_t kMessageLines = 30;

// The mark of a case: the word always (it is what a pipe, a screen reader and NO_COLOR keep),
// its colour on a terminal.
std::string Label(const check::CaseResult& c, const Style& style) {
  switch (c.verdict) {
    case check::Verdict::kPass:
      return style(Paint::kGreen, "PASS") + " ";
    case check::Verdict::kFail:
      return style(Paint::kBoldRed, "FAIL") + " ";
    case check::Verdict::kGraderError:
      return style(Paint::kYellow, "ERROR");
    case check::Verdict::kNotRun:
      return style(Paint::kYellow, "SKIP") + " ";
  }
  return "?";
}

// The explanation, escaped, its cause (the diagnosis's first sentence) in bold on a terminal,
// cut after kMessageLines lines with a count (a program's output quoted in it can be long).
std::string Explanation(const check::CaseResult& c, const Style& style) {
  std::string text = Visible(c.message);
  // The message begins with its cause (check::RenderedMessage): bold is that part, as it was
  // made, not a sentence found again in the words.
  std::string cause = Visible(c.cause);
  size_t end = text.rfind(cause, 0) == 0 ? cause.size() : 0;
  text = style(Paint::kBold, text.substr(0, end)) + text.substr(end);
  size_t lines = 0, at = 0;
  while (at < text.size() && lines < kMessageLines) {
    at = text.find('\n', at);
    if (at == std::string::npos) break;
    ++at;
    ++lines;
  }
  if (lines == kMessageLines && at < text.size()) {
    size_t more = static_cast<size_t>(std::count(text.begin() + at, text.end(), '\n')) +
                  (text.back() != '\n');
    text = text.substr(0, at) + fmt::format("... {} more lines\n", more);
  }
  return text;
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

// Lines of the transcript after the fault plan (which case_runner puts first).
size_t TrafficLines(const check::CaseResult& c) {
  bool plan_first = !c.transcript.empty() && c.transcript.front() == c.fault_plan;
  return c.transcript.size() - (plan_first ? 1 : 0);
}

}  // namespace

std::string SameAdviceKey(const check::CaseResult& c) {
  // Each case gets a port of its own, so a wrong-port diagnosis (or a connect() to the wrong
  // port) differs from case to case only by it: compared without it, as its maker marked it.
  if (c.code != check::Code::kWrongPort && c.code != check::Code::kNeverConnected) return c.message;
  if (c.without_case_port.empty()) return c.message;
  return std::string(check::CodeName(c.code)) + ":" + c.without_case_port;
}

std::string Text(const check::GradeResult& result, bool verbose) {
  TextOptions options;
  options.verbose = verbose;
  return Text(result, options);
}

std::string Text(const check::GradeResult& result, const TextOptions& options) {
  const Style style(options.color);
  // Every string shown may come from a student (the folder's name, what a program printed):
  // each goes through Visible() so that no escape sequence reaches the terminal.
  std::string out = fmt::format("{} ({}) — submission {}\n", Visible(result.exercise),
                                Visible(result.spec_file), Visible(result.submission));
  // What built each role's program (or ran it, a user's Python or Node): a compile error may
  // be the compiler's version, not the code.
  std::set<std::string> named;
  for (const check::CaseResult& c : result.cases)
    if (!c.toolchain.empty() && named.insert(c.role).second)
      out += fmt::format("  Toolchain ({}): {}\n", Visible(c.role), Visible(c.toolchain));
  size_t width = 0;
  for (const check::CaseResult& c : result.cases) width = std::max(width, c.name.size());
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
    if (!c.graded() && !c.not_run()) note = "(not graded) " + note;
    out += fmt::format("  {} {:<{}}  {:>3}/{:<3} {}\n", Label(c, style), Visible(c.name), width,
                       c.score, c.max_score, note);
    if (!hidden.empty()) continue;
    if (!c.passed()) {
      auto [first, fresh] = said.emplace(SameAdviceKey(c), c.name);
      if (!fresh) {
        out += fmt::format("        The same as {} above{}.\n", Visible(first->second),
                           SameAdviceKey(c) == c.message ? "" : " (with this case's port)");
      } else {
        // The likely cause first; what the case does comes after it.
        out += Indent(Explanation(c, style), "        ");
        if (c.difference)
          for (const std::string& line : DifferenceLines(*c.difference, style))
            out += "          " + line + "\n";
        if (!c.description.empty())
          out += fmt::format("        The case: {}.\n", Visible(c.description));
      }
      // What the student pastes to see this case alone (quoted for the shell, so safe to show);
      // not for a case this machine cannot run.
      if (!c.not_run())
        out +=
            "        " + RerunIntro(options.rerun) +
            RerunCommand(options.rerun, result.spec_file, result.submission, c.name, result.seed) +
            "\n";
    }
    if (c.capture && !c.capture->file.empty() && (!c.passed() || options.verbose))
      out += fmt::format("        Its packets: {} {}\n", Visible(c.capture->file),
                         CaptureWords(*c.capture));
    for (const std::string& note : c.notes) {
      auto [first, fresh] = noted.emplace(note, c.name);
      out += Indent(fresh ? "Note: " + Visible(note)
                          : fmt::format("Note: the same as for {} above.", Visible(first->second)),
                    "        ");
    }
    if (!c.figures.empty()) {
      std::string figures;
      for (const check::Figure& f : c.figures)
        figures += fmt::format("{}{} {:g} {}{}", figures.empty() ? "" : "; ", f.name, f.value,
                               f.value == 1 && !f.unit_of_one.empty() ? f.unit_of_one : f.unit,
                               f.words.empty() ? "" : " (" + f.words + ")");
      out += Indent("Figures: " + figures + ".", "        ");
    }
    // Nothing crossed (a program that never connected): no block with only the fault plan.
    if ((!c.passed() || options.verbose) && TrafficLines(c) > 0) {
      out += fmt::format("        What crossed {}:\n", c.crossed);
      // A flooding program makes thousands of events: the first ones tell the story.
      size_t shown = std::min(c.transcript.size(), kTranscriptLines);
      for (size_t i = 0; i < shown; ++i) out += "          " + Visible(c.transcript[i]) + "\n";
      if (shown < c.transcript.size())
        out += fmt::format("          ... {} more lines (--format json has them all)\n",
                           c.transcript.size() - shown);
    }
  }
  out += fmt::format("Score: {}/{}", result.score, result.max_score);
  out += fmt::format(" — {}.", CasesOutcome(result));
  out += fmt::format(" ({})\n", SeedNote(result.seed));
  return out;
}

std::string TextClass(const std::vector<run::GradeOutcome>& outcomes, bool verbose) {
  TextOptions options;
  options.verbose = verbose;
  return TextClass(outcomes, options);
}

std::string TextClass(const std::vector<run::GradeOutcome>& outcomes, const TextOptions& options) {
  std::string out, summary;
  for (const run::GradeOutcome& o : outcomes) {
    const check::GradeResult& r = o.result;
    if (!out.empty()) out += "\n";
    if (o.layout_error.empty()) {
      out += Text(r, options);
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
  // One submission (the report of a layout error in a batch) has nothing to sum up.
  if (outcomes.size() == 1) return out;
  return out + fmt::format("\nSummary ({} submissions):\n", outcomes.size()) + summary;
}

}  // namespace netgrade::report
