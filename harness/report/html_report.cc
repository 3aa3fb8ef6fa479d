// --format html: one self-contained page (inline CSS and SVG, no script, nothing fetched) with
// a section per case: its mark, the diagnosis, and beside it the sequence diagram of what
// crossed the proxy (sequence_svg.h). Every string from a student goes through Markup().
#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "harness/report/report.h"
#include "harness/report/sequence_svg.h"
#include "harness/report/text_diff.h"

namespace netgrade::report {
namespace {

// Bounds on what a page shows of one text: a flooding program makes the diagnosis quote a lot.
constexpr size_t kMessageChars = 6000, kLineChars = 400, kNameChars = 120;
constexpr size_t kTranscriptLines = 200;

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
section.case.not-run{border-left-color:#757575}
.case h2,.case h3{font-size:1.15rem;margin:.3rem 0}
.mark{display:inline-block;min-width:4.5rem;text-align:center;padding:.05rem .4rem;
 border-radius:4px;color:#fff;background:#2e7d32;font-size:.95rem}
.failed .mark{background:#c62828}
.error .mark{background:#ef6c00}
.not-run .mark{background:#757575}
.points{color:#546e7a;font-weight:normal;margin-left:.5rem}
.code{color:#b71c1c;font-weight:normal;font-family:monospace;margin-left:.5rem}
.description,.hidden{color:#546e7a;margin:.2rem 0}
.body{display:flex;flex-wrap:wrap;gap:1.2rem;align-items:flex-start}
.diagnosis{flex:1 1 16rem;max-width:32rem}
.diagnosis:only-child{max-width:none}
.note{background:#e3f2fd;padding:.3rem .5rem;border-radius:3px}
.diagnosis pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff8e1;
 border:1px solid #ffe082;border-radius:4px;padding:.6rem;margin:.3rem 0;
 font:.95rem/1.4 "DejaVu Sans",sans-serif}
.plan{color:#455a64;font-size:.9rem}
.diagnosis pre.difference{font:.9rem/1.35 "DejaVu Sans Mono",monospace;background:#f5f5f5;
 border-color:#cfd8dc;white-space:pre;overflow-x:auto}
.rerun code{font-family:"DejaVu Sans Mono",monospace;font-size:.85rem;overflow-wrap:anywhere}
.transcript pre{font:.85rem/1.3 "DejaVu Sans Mono",monospace;white-space:pre-wrap;
 overflow-wrap:anywhere}
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

// The key to the diagrams: the proxy's marks where a case ran through it; else only what a
// diagram drawn from the reference peer's own record shows.
std::string Legend(bool proxy) {
  if (!proxy)
    return "<section class=\"legend-box\"><p>Each arrow is one message (a datagram, or a "
           "piece of a TCP stream as the reference peer read or wrote it) between the student's "
           "program and the reference peer, the oldest at the top, as the peer recorded it; "
           "dashed arrows are a connection's start and end.</p></section>\n";
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

// What a page has said so far: an explanation (a missing program fails every case of its role)
// or a note is pointed back to, not repeated, as in the text report.
struct Said {
  std::map<std::string, std::pair<std::string, std::string>> advice;  // key -> (case, anchor)
  std::map<std::string, std::pair<std::string, std::string>> notes;
};

// A link back to the case that said it first.
std::string Back(const std::pair<std::string, std::string>& first) {
  return fmt::format("<a href=\"#{}\">{}</a>", first.second, Markup(first.first, kNameChars));
}

// The case ran with netgrade's proxy between the program and the peer: there is something to
// draw (a case without one has no diagram, not an empty one).
// A diagram: what crossed the proxy, or a failing case's peer record (even an empty one).
bool HasProxy(const check::CaseResult& c) {
  return !c.fault_plan.empty() || !c.events.empty() || c.events_from == "peer";
}

// The transcript as the text report gives it, for what the diagram does not say in words.
std::string TranscriptText(const check::CaseResult& c) {
  bool plan_first = !c.transcript.empty() && c.transcript.front() == c.fault_plan;
  if (c.transcript.size() == (plan_first ? 1u : 0u)) return "";
  std::string lines;
  size_t shown = std::min(c.transcript.size(), kTranscriptLines);
  for (size_t i = 0; i < shown; ++i) lines += Markup(c.transcript[i], kLineChars) + "\n";
  if (shown < c.transcript.size())
    lines += fmt::format("... {} more lines (--format json has them all)\n",
                         c.transcript.size() - shown);
  return "<details class=\"transcript\"><summary>What crossed the proxy, as text</summary><pre>" +
         lines + "</pre></details>";
}

// A capture's link: its path as given (absolute: `netgrade check`), or, relative, from OUT,
// where a batch writes its captures, to OUT/reports/, where this page is.
std::string CaptureHref(const std::string& file) {
  return Href(file.front() == '/' ? file : "../" + file);
}

// The case's capture (--pcap): a link to it, or why there is none.
std::string CaptureLine(const check::CaseResult& c) {
  if (!c.capture) return "";
  if (c.capture->file.empty())
    return "<p class=\"capture\">No capture of its packets: " +
           Markup(c.capture->missing, kLineChars) + ".</p>";
  std::string name = std::filesystem::path(c.capture->file).filename().string();
  return fmt::format("<p class=\"capture\">Its packets: <a href=\"{}\">{}</a> {}</p>",
                     CaptureHref(c.capture->file), Markup(name, kNameChars),
                     Markup(CaptureWords(*c.capture), kLineChars));
}

std::string CaseSection(const check::GradeResult& r, const check::CaseResult& c,
                        const std::string& id, const char* h, Said& said, const Rerun& rerun) {
  const char* cls = c.passed()                           ? "passed"
                    : c.verdict == check::Verdict::kFail ? "failed"
                    : c.not_run()                        ? "not-run"
                                                         : "error";
  const char* mark = c.passed()                           ? "&#10003; passed"
                     : c.verdict == check::Verdict::kFail ? "&#10007; failed"
                     : c.not_run()                        ? "&#8856; not run here"
                                                          : "&#9888; error";
  std::string hidden = HiddenDetails(c);
  std::string out = fmt::format(
      "<section id=\"{}\" class=\"case {}{}\"><{} class=\"title\"><span class=\"mark\">{}</span> "
      "<span class=\"name\">{}</span><span class=\"points\">{}/{}</span>",
      id, cls, hidden.empty() ? "" : " hidden-details", h, mark, Markup(c.name, kNameChars),
      c.score, c.max_score);
  if (!c.passed() && hidden.empty())
    out += fmt::format("<span class=\"code\">[{}]</span>", check::CodeName(c.code));
  if (!c.graded() && !c.not_run()) out += "<span class=\"code\">(not graded)</span>";
  out += fmt::format("</{}>", h);
  // A case the spec hides shows its name, its result and its points, nothing of why.
  if (!hidden.empty())
    return out + "<p class=\"hidden\">(" + Markup(hidden, kLineChars) + ")</p></section>\n";
  if (!c.description.empty())
    out += "<p class=\"description\">The case: " + Markup(c.description, kLineChars) + ".</p>";
  std::string notes;
  for (const std::string& note : c.notes) {
    auto [first, fresh] = said.notes.emplace(note, std::make_pair(c.name, id));
    notes += fresh
                 ? "<p class=\"note\">Note: " + Markup(note, kLineChars) + "</p>"
                 : "<p class=\"note\">Note: the same as for " + Back(first->second) + " above.</p>";
  }
  bool draw = HasProxy(c);
  std::string plan =
      c.fault_plan.empty() ? "" : "<p class=\"plan\">" + Markup(c.fault_plan, kLineChars) + "</p>";
  std::string diagram = draw ? "<div class=\"diagram\">" + SequenceSvg(c) + "</div>" : "";
  if (c.passed()) {
    // What a passing case did is there to look at, not in the way.
    out += notes;
    if (draw)
      out += "<details><summary>What crossed the proxy</summary><div class=\"body\">" + plan +
             diagram + "</div>" + TranscriptText(c) + "</details>";
    return out + CaptureLine(c) + "</section>\n";
  }
  std::string diagnosis;
  std::string key = SameAdviceKey(c);
  auto [first, fresh] = said.advice.emplace(key, std::make_pair(c.name, id));
  if (!fresh) {
    diagnosis = "<p class=\"same\">The same as " + Back(first->second) + " above" +
                (key == c.message ? "" : " (with this case's port)") + ".</p>";
  } else {
    diagnosis = "<pre>" + Markup(c.message, kMessageChars, true) + "</pre>";
    if (c.difference) {
      std::string lines;
      for (const std::string& line : DifferenceLines(*c.difference))
        lines += Markup(line, kLineChars) + "\n";
      diagnosis += "<pre class=\"difference\">" + lines + "</pre>";
    }
  }
  // What the student pastes to see this case alone (quoted for the shell).
  diagnosis +=
      "<p class=\"rerun\">" + Markup(RerunIntro(rerun), kMessageChars) + "<code>" +
      Markup(RerunCommand(rerun, r.spec_file, r.submission, c.name, r.seed), kMessageChars) +
      "</code></p>" + CaptureLine(c);
  out += "<div class=\"body\"><div class=\"diagnosis\">" + diagnosis + notes + plan + "</div>" +
         diagram + "</div>";
  if (draw) out += TranscriptText(c);
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

std::string Cases(const check::GradeResult& r, const std::string& prefix, const char* h,
                  const Rerun& rerun) {
  std::string out;
  Said said;
  for (const check::CaseResult& c : r.cases)
    out += CaseSection(r, c, Anchor(prefix, c.name), h, said, rerun);
  return out;
}

// The legend of the diagrams, on a page that has one.
std::string LegendIfDrawn(const std::vector<const check::GradeResult*>& results) {
  bool drawn = false, proxy = false;
  for (const check::GradeResult* r : results)
    for (const check::CaseResult& c : r->cases)
      if (HasProxy(c) && HiddenDetails(c).empty()) {
        drawn = true;
        proxy |= c.events_from != "peer";
      }
  return drawn ? Legend(proxy) : "";
}

}  // namespace

std::string Html(const check::GradeResult& result, const Rerun& rerun) {
  std::string out = Head(fmt::format("netgrade: {} &#8212; {}", Markup(result.exercise, kNameChars),
                                     Markup(result.submission, kNameChars)));
  out += "<header class=\"page\"><h1>" + Markup(result.exercise, kNameChars) + "</h1>" +
         Meta(result) + ScoreLine(result) + "</header>\n";
  out += LegendIfDrawn({&result}) + "<main>\n" + Cases(result, "case-", "h2", rerun) + "</main>\n";
  return out + "</body></html>\n";
}

std::string HtmlClass(const std::vector<run::GradeOutcome>& outcomes) {
  std::string exercise = outcomes.empty() ? "" : Markup(outcomes[0].result.exercise, kNameChars);
  std::string count =
      fmt::format("{} submission{}", outcomes.size(), outcomes.size() == 1 ? "" : "s");
  std::string out = Head(fmt::format("netgrade: {} &#8212; {}", exercise, count));
  out += fmt::format("<header class=\"page\"><h1>{} &#8212; {}</h1>", exercise, count);
  // A table of scores for two or more (one, the report of a layout error in a batch, is its
  // section alone).
  std::string table = "<table class=\"summary\"><tr><th>Submission</th><th>Score</th></tr>";
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const check::GradeResult& r = outcomes[i].result;
    table +=
        fmt::format("<tr><td><a href=\"#submission-{}\">{}</a></td><td>{}</td></tr>", i + 1,
                    Markup(r.submission, kLineChars),
                    outcomes[i].layout_error.empty() ? fmt::format("{}/{}", r.score, r.max_score)
                                                     : "layout error");
  }
  if (outcomes.size() > 1) out += table + "</table>";
  std::vector<const check::GradeResult*> results;
  for (const run::GradeOutcome& o : outcomes) results.push_back(&o.result);
  out += "</header>\n" + LegendIfDrawn(results) + "<main>\n";
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
      out += ScoreLine(r) + Cases(r, fmt::format("submission-{}-", i + 1), "h3", Rerun{});
    }
    out += "</section>\n";
  }
  return out + "</main>\n</body></html>\n";
}

}  // namespace netgrade::report
