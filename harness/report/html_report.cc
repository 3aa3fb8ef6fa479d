// --format html: one self-contained page (inline CSS and SVG, no script, nothing fetched) with
// a section per case: its mark, the diagnosis, and beside it the sequence diagram of what
// crossed the proxy (sequence_svg.h). Every string from a student goes through Markup().
#include <fmt/core.h>

#include <cctype>

#include "harness/report/report.h"
#include "harness/report/sequence_svg.h"

namespace netgrade::report {
namespace {

// Bounds on what a page shows of one text: a flooding program makes the diagnosis quote a lot.
constexpr size_t kMessageChars = 6000, kLineChars = 400, kNameChars = 120;

constexpr const char* kStyle = R"(
body{font-family:"DejaVu Sans",system-ui,sans-serif;color:#212121;background:#fff;margin:0 auto;
 max-width:1400px;padding:.5rem 1.5rem}
header.page{border-bottom:2px solid #cfd8dc;margin-bottom:.8rem}
h1{font-size:1.6rem;margin:.4rem 0}
.meta{color:#546e7a;margin:.2rem 0}
.score{font-size:1.25rem;font-weight:bold;margin:.4rem 0 .8rem}
code{background:#eceff1;padding:0 .25rem;border-radius:3px}
.legend-box{color:#455a64;font-size:.9rem}
.legend-box p{margin:.2rem 0}
section.case{border:1px solid #cfd8dc;border-left:8px solid #2e7d32;border-radius:6px;
 padding:.4rem 1rem .6rem;margin:.9rem 0}
section.case.failed{border-left-color:#c62828}
section.case.error{border-left-color:#ef6c00}
.case h2,.case h3{font-size:1.15rem;margin:.3rem 0}
.mark{display:inline-block;min-width:4.5rem;text-align:center;padding:.05rem .4rem;
 border-radius:4px;color:#fff;background:#2e7d32;font-size:.95rem}
.failed .mark{background:#c62828}
.error .mark{background:#ef6c00}
.points{color:#546e7a;font-weight:normal;margin-left:.5rem}
.code{color:#b71c1c;font-weight:normal;font-family:monospace;margin-left:.5rem}
.description,.hidden{color:#546e7a;margin:.2rem 0}
.body{display:flex;flex-wrap:wrap;gap:1.2rem;align-items:flex-start}
.diagnosis{flex:1 1 16rem;max-width:32rem}
.note{background:#e3f2fd;padding:.3rem .5rem;border-radius:3px}
.diagnosis pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff8e1;
 border:1px solid #ffe082;border-radius:4px;padding:.6rem;margin:.3rem 0;
 font:.95rem/1.4 "DejaVu Sans",sans-serif}
.plan{color:#455a64;font-size:.9rem}
.diagram{flex:1 1 30rem;max-width:800px}
.diagram svg{display:block;width:100%;height:auto}
section.submission{border-top:3px solid #90a4ae;margin-top:1.5rem}
table.summary{border-collapse:collapse}
table.summary td,table.summary th{border:1px solid #cfd8dc;padding:.2rem .6rem;text-align:left}
)";

std::string Head(const std::string& title) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>{}</title><style>{}</style></head><body>\n",
      title, kStyle);
}

std::string Legend() {
  return "<section class=\"legend-box\"><p>Each arrow is one message (a datagram, or a piece "
         "of a TCP stream as the proxy read it) as it crossed netgrade's proxy between the "
         "student's program and the reference peer, the oldest at the top. The proxy loses, "
         "delays, holds back, duplicates or resets on purpose, as a real network may; the fault "
         "plan of a case says what it did.</p>" +
         SequenceLegendSvg() + "</section>\n";
}

// An anchor for a case: names come from the spec, but only [A-Za-z0-9_-] reach the id.
std::string Anchor(const std::string& prefix, const std::string& name) {
  std::string out = prefix;
  for (char c : name.substr(0, kNameChars))
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return out;
}

std::string CaseSection(const check::CaseResult& c, const std::string& id, const char* h) {
  const char* cls = c.passed() ? "passed" : c.verdict == check::Verdict::kFail ? "failed" : "error";
  const char* mark = c.passed()                           ? "&#10003; passed"
                     : c.verdict == check::Verdict::kFail ? "&#10007; failed"
                                                          : "&#9888; error";
  std::string hidden = HiddenDetails(c);
  std::string out = fmt::format(
      "<section id=\"{}\" class=\"case {}{}\"><{} class=\"title\"><span class=\"mark\">{}</span> "
      "<span class=\"name\">{}</span><span class=\"points\">{}/{}</span>",
      id, cls, hidden.empty() ? "" : " hidden-details", h, mark, Markup(c.name, kNameChars),
      c.score, c.max_score);
  if (!c.passed() && hidden.empty())
    out += fmt::format("<span class=\"code\">[{}]</span>", check::CodeName(c.code));
  if (!c.graded()) out += "<span class=\"code\">(not graded)</span>";
  out += fmt::format("</{}>", h);
  // A case the spec hides shows its name, its result and its points, nothing of why.
  if (!hidden.empty())
    return out + "<p class=\"hidden\">(" + Markup(hidden, kLineChars) + ")</p></section>\n";
  if (!c.description.empty())
    out += "<p class=\"description\">The case: " + Markup(c.description, kLineChars) + ".</p>";
  for (const std::string& note : c.notes)
    out += "<p class=\"note\">Note: " + Markup(note, kLineChars) + "</p>";
  // A program that never ran (none found) has nothing to draw.
  bool draw = !c.program.empty() || !c.events.empty();
  std::string plan =
      c.fault_plan.empty() ? "" : "<p class=\"plan\">" + Markup(c.fault_plan, kLineChars) + "</p>";
  std::string diagram = draw ? "<div class=\"diagram\">" + SequenceSvg(c) + "</div>" : "";
  if (c.passed()) {
    // What a passing case did is there to look at, not in the way; one that ran without a
    // proxy has nothing to show.
    if (draw && (!c.fault_plan.empty() || !c.events.empty()))
      out += "<details><summary>What crossed the proxy</summary><div class=\"body\">" + plan +
             diagram + "</div></details>";
    return out + "</section>\n";
  }
  out += "<div class=\"body\"><div class=\"diagnosis\"><pre>" +
         Markup(c.message, kMessageChars, true) + "</pre>" + plan + "</div>" + diagram + "</div>";
  return out + "</section>\n";
}

std::string ScoreLine(const check::GradeResult& r) {
  return fmt::format("<p class=\"score\">Score: {}/{} &#8212; {}.</p>", r.score, r.max_score,
                     Markup(CasesOutcome(r), kLineChars));
}

std::string Meta(const check::GradeResult& r) {
  return fmt::format(
      "<p class=\"meta\">Spec <code>{}</code> &#183; submission <code>{}</code> &#183; {}</p>",
      Markup(r.spec_file, kLineChars), Markup(r.submission, kLineChars),
      Markup(SeedNote(r.seed), kLineChars));
}

std::string Cases(const check::GradeResult& r, const std::string& prefix, const char* h) {
  std::string out;
  for (const check::CaseResult& c : r.cases) out += CaseSection(c, Anchor(prefix, c.name), h);
  return out;
}

}  // namespace

std::string Html(const check::GradeResult& result) {
  std::string out = Head(fmt::format("netgrade: {} &#8212; {}", Markup(result.exercise, kNameChars),
                                     Markup(result.submission, kNameChars)));
  out += "<header class=\"page\"><h1>" + Markup(result.exercise, kNameChars) + "</h1>" +
         Meta(result) + ScoreLine(result) + "</header>\n";
  out += Legend() + "<main>\n" + Cases(result, "case-", "h2") + "</main>\n";
  return out + "</body></html>\n";
}

std::string HtmlClass(const std::vector<run::GradeOutcome>& outcomes) {
  std::string exercise = outcomes.empty() ? "" : Markup(outcomes[0].result.exercise, kNameChars);
  std::string count =
      fmt::format("{} submission{}", outcomes.size(), outcomes.size() == 1 ? "" : "s");
  std::string out = Head(fmt::format("netgrade: {} &#8212; {}", exercise, count));
  out += fmt::format("<header class=\"page\"><h1>{} &#8212; {}</h1>", exercise, count);
  out += "<table class=\"summary\"><tr><th>Submission</th><th>Score</th></tr>";
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const check::GradeResult& r = outcomes[i].result;
    out += fmt::format("<tr><td><a href=\"#submission-{}\">{}</a></td><td>{}</td></tr>", i + 1,
                       Markup(r.submission, kLineChars),
                       outcomes[i].layout_error.empty() ? fmt::format("{}/{}", r.score, r.max_score)
                                                        : "layout error");
  }
  out += "</table></header>\n" + Legend() + "<main>\n";
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const check::GradeResult& r = outcomes[i].result;
    out += fmt::format("<section id=\"submission-{}\" class=\"submission\"><h2>{}</h2>", i + 1,
                       Markup(r.submission, kLineChars));
    out += Meta(r);
    if (!outcomes[i].layout_error.empty()) {
      out +=
          "<p class=\"score\">Not graded: the submission's layout is wrong.</p><div "
          "class=\"diagnosis\"><pre>" +
          Markup(outcomes[i].layout_error, kMessageChars, true) + "</pre></div>";
    } else {
      out += ScoreLine(r) + Cases(r, fmt::format("submission-{}-", i + 1), "h3");
    }
    out += "</section>\n";
  }
  return out + "</main>\n</body></html>\n";
}

}  // namespace netgrade::report
