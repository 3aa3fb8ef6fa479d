// GitHub Actions: workflow commands that become annotations on the run
// (docs.github.com/actions/reference/workflow-commands-for-github-actions), and the Markdown of
// a job summary, appended to the file $GITHUB_STEP_SUMMARY names. A student reads both: the
// details of a case the spec hides stay out, as in the text report.
#include <fmt/core.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "harness/base/text.h"
#include "harness/report/report.h"

namespace netgrade::report {
namespace {

// A command's message: GitHub reads %25, %0D and %0A back as '%', CR and LF, so a message
// stays on its line whatever a student printed.
std::string Data(const std::string& text) {
  std::string out;
  for (char c : Visible(text)) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

// A property's value (title=...): as Data(), and ':' and ',' too, which end a property.
std::string Property(const std::string& text) {
  std::string out;
  for (char c : Data(text)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string Annotations(const std::string& prefix, const check::GradeResult& r) {
  std::string out;
  for (const check::CaseResult& c : r.cases) {
    if (c.passed()) continue;
    // A case not run is an error, as the run's exit status (2) is.
    std::string hidden = HiddenDetails(c);
    std::string message = hidden.empty() ? FirstLine(c.message) : "Failed (" + hidden + ").";
    // A case worth 0 points informs: a warning, not an error that marks the run red.
    bool error = c.verdict == check::Verdict::kGraderError || c.not_run();
    if (!c.graded() && !error) message = "Not graded (0 points): " + message;
    out += fmt::format("::{} title={}::{}\n", c.graded() || error ? "error" : "warning",
                       Property(prefix + c.name), Data(message));
  }
  std::string score = fmt::format("{}/{} points; {}. ({})", r.score, r.max_score, CasesOutcome(r),
                                  SeedNote(r.seed));
  out +=
      fmt::format("::notice title={}::{}\n", Property(prefix + r.exercise + " score"), Data(score));
  return out;
}

// Text in a Markdown table cell or heading: one line, and nothing Markdown or HTML acts on.
std::string Cell(const std::string& text) {
  std::string out;
  for (char c : EscapeText(text, std::string::npos)) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '|':
      case '`':
      case '\\':
      case '*':
      case '_':
      case '[':
      case ']':
      case '#':
      case '~':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A multi-line explanation as preformatted HTML: Markdown does not act inside a <pre> block,
// which only a line holding "</pre>" ends, and no '<' of the text survives escaping.
std::string Pre(const std::string& text) {
  std::string out = "<pre>\n";
  for (char c : Visible(text)) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  if (out.back() != '\n') out += '\n';
  return out + "</pre>\n";
}

std::string Summary(const check::GradeResult& r) {
  std::string out = fmt::format("### {} — submission {}: {}/{} points\n\n", Cell(r.exercise),
                                Cell(r.submission), r.score, r.max_score);
  out += "| case | result | points |\n|---|---|---|\n";
  std::string details;
  for (const check::CaseResult& c : r.cases) {
    std::string hidden = HiddenDetails(c);
    std::string result = c.passed()                                  ? "passed"
                         : c.verdict == check::Verdict::kGraderError ? "**grader error**"
                         : c.not_run()                               ? "**not run here**"
                                                                     : "**failed**";
    if (!c.passed() && hidden.empty())
      result += " (" + Cell(std::string(check::CodeName(c.code))) + ")";
    if (!hidden.empty()) result += " (" + hidden + ")";
    if (!c.graded() && !c.not_run()) result += " (not graded)";
    out += fmt::format("| {} | {} | {}/{} |\n", Cell(c.name), result, c.score, c.max_score);
    if (c.passed() || !hidden.empty()) continue;
    details += fmt::format("\n#### {}\n\n", Cell(c.name));
    std::string text;
    if (!c.description.empty()) text += "The case: " + c.description + ".\n";
    text += c.message + "\n" + NotesBlock(c) + ProxyBlock(c);
    details += Pre(text);
  }
  return out + details + "\n";
}

std::string LayoutSummary(const run::GradeOutcome& o) {
  return fmt::format("### {} — submission {}: not graded\n\n", Cell(o.result.exercise),
                     Cell(o.result.submission)) +
         Pre("The submission's layout is wrong.\n" + o.layout_error) + "\n";
}

}  // namespace

std::string Github(const check::GradeResult& result) { return Annotations("", result); }

std::string GithubClass(const std::vector<run::GradeOutcome>& outcomes) {
  std::string out;
  for (const run::GradeOutcome& o : outcomes) {
    std::string prefix = o.result.submission + ": ";
    if (o.layout_error.empty()) {
      out += Annotations(prefix, o.result);
      continue;
    }
    out += GithubLayoutError(o, prefix);
  }
  return out;
}

std::string GithubLayoutError(const run::GradeOutcome& outcome, const std::string& prefix) {
  // The whole message: its first line may end in a colon before the list it introduces (the
  // names looked for, a misspelt file's), and GitHub shows an annotation's lines.
  return fmt::format("::error title={}::{}\n", Property(prefix + "layout"),
                     Data("Not graded: " + outcome.layout_error));
}

std::string GithubSummary(const check::GradeResult& result) { return Summary(result); }

std::string GithubSummaryClass(const std::vector<run::GradeOutcome>& outcomes) {
  std::string out;
  for (const run::GradeOutcome& o : outcomes)
    out += o.layout_error.empty() ? Summary(o.result) : LayoutSummary(o);
  return out;
}

std::string MarkdownCell(const std::string& text) { return Cell(text); }

void AppendGithubStepSummary(const std::vector<run::GradeOutcome>& outcomes) {
  AppendToGithubStepSummary(GithubSummaryClass(outcomes));
}

void AppendToGithubStepSummary(const std::string& markdown) {
  const char* path = std::getenv("GITHUB_STEP_SUMMARY");
  if (path == nullptr || *path == '\0') return;
  std::ofstream out(path, std::ios::binary | std::ios::app);
  if (out) out << markdown;
  if (!out.flush())
    throw std::runtime_error(
        fmt::format("cannot append the job summary to {} ($GITHUB_STEP_SUMMARY): {}", Visible(path),
                    std::strerror(errno)));
}

}  // namespace netgrade::report
