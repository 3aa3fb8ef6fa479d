#include "harness/report/class_summary.h"

#include <fmt/core.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "harness/check/root_cause.h"
#include "harness/report/report.h"
#include "harness/report/sequence_svg.h"

namespace netgrade::report {
namespace {

constexpr size_t kNameChars = 120, kLineChars = 300;
// The page lists this many diagnoses (the JSON all of them).
constexpr size_t kShownDiagnoses = 12;

std::string Percent(double rate) { return fmt::format("{:.0f}%", rate * 100); }

// The failed cases of a row in the spec's order, then any the spec does not name (a layout
// error's "layout"), by name.
std::vector<std::string> CaseOrder(const std::vector<GradebookCase>& cases,
                                   const GradebookRow& row) {
  std::vector<std::string> order;
  for (const GradebookCase& c : cases)
    if (row.diagnosis.count(c.name)) order.push_back(c.name);
  for (const auto& [name, code] : row.diagnosis)
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  return order;
}

}  // namespace

std::vector<ScoreBin> ScoreBins(int max) {
  std::vector<ScoreBin> bins;
  if (max < 0) max = 0;
  int width = max <= 20 ? 1 : (max + 20) / 20;  // ceil((max + 1) / 20)
  for (int from = 0; from <= max; from += width)
    bins.push_back({from, std::min(max, from + width - 1), 0, {}});
  return bins;
}

ClassSummary Summarize(const std::string& exercise, const std::vector<GradebookCase>& cases,
                       const std::vector<GradebookRow>& rows,
                       const std::function<std::string(const std::string&)>& report_of) {
  ClassSummary s;
  s.exercise = exercise;
  for (const GradebookCase& c : cases) {
    s.max += c.points;
    s.cases.push_back({c.name, c.points, 0, 0, 0});
  }
  s.distribution = ScoreBins(s.max);
  std::vector<const GradebookRow*> sorted;
  for (const GradebookRow& row : rows) sorted.push_back(&row);
  std::sort(sorted.begin(), sorted.end(), [](const GradebookRow* a, const GradebookRow* b) {
    return a->submission < b->submission;
  });
  std::map<std::pair<std::string, std::string>, DiagnosisFigures> diagnoses;  // by code, shape
  std::vector<int> totals;
  for (const GradebookRow* row : sorted) {
    StudentFigures student{
        row->submission, row->status, row->total, row->max, true, report_of(row->submission), {}};
    ++s.submissions;
    switch (row->status) {
      case run::Status::kPassed:
        ++s.passed;
        break;
      case run::Status::kFailed:
        ++s.failed;
        break;
      case run::Status::kLayoutError:  // 0 of the spec's points, every case failed
        ++s.layout_errors;
        student.total = 0;
        student.max = s.max;
        break;
      case run::Status::kGraderError:  // not the student's: no score, no case counted
        ++s.grader_errors;
        student.scored = false;
        student.total = 0;
        student.max = 0;
        break;
    }
    std::map<std::string, size_t> codes;
    for (const auto& [case_name, code] : row->diagnosis) ++codes[code];
    for (const auto& [code, n] : codes) student.diagnoses.push_back({code, n});
    std::stable_sort(student.diagnoses.begin(), student.diagnoses.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    s.students.push_back(student);
    if (!student.scored) continue;
    totals.push_back(student.total);
    for (ScoreBin& bin : s.distribution)
      if (student.total >= bin.from && student.total <= bin.to) {
        ++bin.count;
        if (!student.diagnoses.empty()) ++bin.causes[student.diagnoses.front().first];
      }
    for (CaseFigures& c : s.cases) {
      if (row->status == run::Status::kLayoutError) {
        ++c.failed;
        continue;
      }
      auto it = row->passed.find(c.name);
      if (it != row->passed.end()) ++(it->second ? c.passed : c.failed);
    }
    // A row is a mistake, and a student is in it once. A known mistake is one row whatever
    // it showed as; else a student's failed cases of one diagnosis are one mistake, in the
    // row of the cause (first sentence) its first such case in the spec's order gave: of its
    // shape, as the cause's maker gave it (what it says without this case's and this
    // program's values, the program's file, a port, a quoted line: "{} listens on port {},
    // not {}."). A cause made without one (joined by hand, a whole message from elsewhere, a
    // result file written before shapes) is its row whole: netgrade cannot tell its values
    // from its words without reading the sentence back, and taken whole two students share
    // a row only when they were told the same thing, so a row never holds two mistakes (at
    // worst one mistake is several rows, one per file name).
    std::map<std::string, std::pair<std::string, std::string>> row_of_code;
    for (const std::string& case_name : CaseOrder(cases, *row)) {
      const std::string& code = row->diagnosis.at(case_name);
      auto said = row->explanation.find(case_name);
      std::string explained = said == row->explanation.end() ? "" : said->second;
      auto shaped = row->shape.find(case_name);
      const std::string& words = shaped == row->shape.end() ? explained : shaped->second;
      auto known = row->mistake.find(case_name);
      std::string cause = known == row->mistake.end() ? "" : known->second;
      const bool known_mistake = !check::RootCauseWords(cause).empty();
      // Keyed apart from any code's rows: a code is never empty, and a root cause's key has one.
      std::pair<std::string, std::string> key("", cause);
      if (!known_mistake) {
        key = row_of_code.try_emplace(code, code, words).first->second;
      }
      DiagnosisFigures& d = diagnoses[key];
      if (known_mistake) {
        d.root_cause = cause;
        d.example = check::RootCauseWords(cause);
        if ((" + " + d.code + " + ").find(" + " + code + " + ") == std::string::npos)
          d.code += (d.code.empty() ? "" : " + ") + code;
      } else {
        d.code = code;
        d.shape = key.second;
      }
      if (d.students.empty() || d.students.back() != row->submission) {
        d.students.push_back(row->submission);
        if (d.example.empty()) d.example = explained;
      }
      ++d.cases;
    }
  }
  for (CaseFigures& c : s.cases)
    c.pass_rate = c.passed + c.failed == 0 ? 0 : double(c.passed) / double(c.passed + c.failed);
  if (!totals.empty()) {
    double sum = 0;
    for (int t : totals) sum += t;
    s.mean = sum / double(totals.size());
    std::sort(totals.begin(), totals.end());
    size_t n = totals.size();
    s.median = n % 2 ? totals[n / 2] : (totals[n / 2 - 1] + totals[n / 2]) / 2.0;
  }
  std::map<std::pair<std::string, std::string>, Leaderboard> boards;
  for (const GradebookRow* row : sorted) {
    if (row->status == run::Status::kGraderError) continue;
    for (const auto& [key, ranked] : row->leaderboard) {
      Leaderboard& b = boards[key];
      b.case_name = key.first;
      b.figure = key.second;
      b.unit = ranked.unit;
      b.ranks.push_back({row->submission, ranked.value});
    }
  }
  for (const GradebookCase& c : cases)
    for (auto& [key, b] : boards)
      if (key.first == c.name) {
        std::stable_sort(b.ranks.begin(), b.ranks.end(),
                         [](const auto& x, const auto& y) { return x.second > y.second; });
        s.leaderboards.push_back(std::move(b));
      }
  for (auto& [code, d] : diagnoses) s.diagnoses.push_back(std::move(d));
  std::stable_sort(s.diagnoses.begin(), s.diagnoses.end(),
                   [](const DiagnosisFigures& a, const DiagnosisFigures& b) {
                     return a.students.size() > b.students.size();
                   });
  return s;
}

std::string SummaryJson(const ClassSummary& s) {
  nlohmann::json distribution = nlohmann::json::array(), cases = nlohmann::json::array(),
                 diagnoses = nlohmann::json::array(), students = nlohmann::json::array();
  for (const ScoreBin& b : s.distribution)
    distribution.push_back(
        {{"from", b.from}, {"to", b.to}, {"count", b.count}, {"causes", b.causes}});
  for (const CaseFigures& c : s.cases)
    cases.push_back({{"name", c.name},
                     {"points", c.points},
                     {"passed", c.passed},
                     {"failed", c.failed},
                     {"pass_rate", c.pass_rate}});
  for (const DiagnosisFigures& d : s.diagnoses)
    diagnoses.push_back({{"diagnosis", d.code},
                         {"root_cause", d.root_cause},
                         {"cause", d.shape},
                         {"students", d.students},
                         {"cases", d.cases},
                         {"example", d.example}});
  for (const StudentFigures& st : s.students) {
    nlohmann::json one = {{"submission", st.submission},
                          {"status", run::StatusName(st.status)},
                          {"total", nullptr},
                          {"max", nullptr},
                          {"report", st.report},
                          {"diagnoses", nlohmann::json::object()}};
    for (const auto& [code, n] : st.diagnoses) one["diagnoses"][code] = n;
    // A grader error has no score (empty cells in grades.csv): null here.
    if (st.scored) one["total"] = st.total, one["max"] = st.max;
    students.push_back(one);
  }
  nlohmann::json leaderboards = nlohmann::json::array();
  for (const Leaderboard& b : s.leaderboards) {
    nlohmann::json ranks = nlohmann::json::array();
    for (const auto& [submission, value] : b.ranks)
      ranks.push_back({{"submission", submission}, {"value", value}});
    leaderboards.push_back(
        {{"case", b.case_name}, {"figure", b.figure}, {"unit", b.unit}, {"ranks", ranks}});
  }
  nlohmann::json doc = {
      {"exercise", s.exercise},
      {"max", s.max},
      {"submissions", s.submissions},
      {"passed", s.passed},
      {"failed", s.failed},
      {"layout_errors", s.layout_errors},
      {"grader_errors", s.grader_errors},
      {"mean", s.mean},
      {"median", s.median},
      {"distribution", distribution},
      {"cases", cases},
      {"diagnoses", diagnoses},
      {"students", students},
  };
  // Only a lab with a figure that ranks (a transport lab's goodput) has one.
  if (!leaderboards.empty()) doc["leaderboards"] = leaderboards;
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

namespace {

constexpr const char* kStyle = R"(
body{font-family:"DejaVu Sans",system-ui,sans-serif;color:#212121;background:#fff;margin:0 auto;
 max-width:1100px;padding:.5rem 1.5rem}
h1{font-size:1.6rem;margin:.4rem 0}
h2{font-size:1.2rem;margin:1.2rem 0 .4rem;border-bottom:2px solid #cfd8dc}
.counts{font-size:1.1rem;margin:.3rem 0}
table{border-collapse:collapse;margin:.3rem 0}
td,th{border:1px solid #cfd8dc;padding:.2rem .6rem;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;height:1rem;background:#1565c0;vertical-align:middle}
.bar.rate{background:#2e7d32}
.track{display:inline-block;width:16rem;background:#eceff1;vertical-align:middle}
.example{color:#546e7a;font-size:.9rem}
.passed{color:#2e7d32}.failed{color:#c62828}.layout_error{color:#c62828}
.grader_error{color:#ef6c00}
)";

// A bar of `fraction` (0..1) of its track.
std::string Bar(double fraction, const char* cls) {
  return fmt::format(
      "<span class=\"track\"><span class=\"bar {}\" style=\"width:{:.1f}%\"></span></span>", cls,
      std::clamp(fraction, 0.0, 1.0) * 100);
}

// "<code>stopped_listening</code> 5 &#183; <code>crashed</code> 2", most first.
std::string Counted(const std::map<std::string, size_t>& counts) {
  std::vector<std::pair<std::string, size_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (const auto& [code, n] : sorted)
    out += fmt::format("{}<code>{}</code> {}", out.empty() ? "" : " &#183; ",
                       Markup(code, kNameChars), n);
  return out;
}

std::string StudentLink(const StudentFigures& st) {
  return fmt::format("<a href=\"{}\">{}</a>", Markup(Href(st.report), 4 * kLineChars),
                     Markup(st.submission, kNameChars));
}

}  // namespace

std::string ClassPage(const ClassSummary& s) {
  std::string exercise = Markup(s.exercise, kNameChars);
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>netgrade: {} &#8212; class of {}</title><style>{}</style></head><body>\n",
      exercise, s.submissions, kStyle);
  out += fmt::format("<header><h1>{} &#8212; class of {}</h1>", exercise, s.submissions);
  out += fmt::format(
      "<p class=\"counts\">{} passed &#183; {} failed &#183; {} not graded (layout) &#183; {} "
      "grader errors</p>",
      s.passed, s.failed, s.layout_errors, s.grader_errors);
  out += fmt::format("<p class=\"counts\">Mean {:.1f} &#183; median {:.1f} of {} points</p>",
                     s.mean, s.median, s.max);
  out += "</header>\n<main>\n";

  size_t most = 1;
  for (const ScoreBin& b : s.distribution) most = std::max(most, b.count);
  out +=
      "<section id=\"distribution\"><h2>Score distribution</h2><table><tr><th>Points</th>"
      "<th>Submissions</th><th></th><th>Why (each one's most frequent diagnosis)</th></tr>";
  for (const ScoreBin& b : s.distribution)
    out += fmt::format(
        "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
        b.from == b.to ? std::to_string(b.from) : fmt::format("{}&#8211;{}", b.from, b.to), b.count,
        Bar(double(b.count) / double(most), "count"), Counted(b.causes));
  out += "</table></section>\n";

  out +=
      "<section id=\"cases\"><h2>Pass rate of each case</h2><table><tr><th>Case</th>"
      "<th>Points</th><th>Passed</th><th>Pass rate</th><th></th></tr>";
  for (const CaseFigures& c : s.cases)
    out += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} of {}</td>"
        "<td class=\"num\">{}</td><td>{}</td></tr>",
        Markup(c.name, kNameChars), c.points == 0 ? "0 (not graded)" : std::to_string(c.points),
        c.passed, c.passed + c.failed, Percent(c.pass_rate), Bar(c.pass_rate, "rate"));
  out += "</table></section>\n";

  std::map<std::string, const StudentFigures*> by_name;
  for (const StudentFigures& st : s.students) by_name[st.submission] = &st;
  for (const Leaderboard& b : s.leaderboards) {
    out += fmt::format(
        "<section class=\"leaderboard\"><h2>Leaderboard: {} of {}</h2><table><tr>"
        "<th>Rank</th><th>Submission</th><th>{} ({})</th></tr>",
        Markup(b.figure, kNameChars), Markup(b.case_name, kNameChars), Markup(b.figure, kNameChars),
        Markup(b.unit, kNameChars));
    for (size_t i = 0; i < b.ranks.size(); ++i) {
      auto it = by_name.find(b.ranks[i].first);
      out += fmt::format(
          "<tr><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{:g}</td></tr>", i + 1,
          it == by_name.end() ? Markup(b.ranks[i].first, kNameChars) : StudentLink(*it->second),
          b.ranks[i].second);
    }
    out += "</table></section>\n";
  }

  out += "<section id=\"diagnoses\"><h2>Most common diagnoses</h2>";
  if (s.diagnoses.empty())
    out += "<p>No case failed.</p>";
  else
    out += "<table><tr><th>Diagnosis</th><th>Students</th><th>Cases</th><th>Who</th></tr>";
  for (size_t i = 0; i < s.diagnoses.size() && i < kShownDiagnoses; ++i) {
    const DiagnosisFigures& d = s.diagnoses[i];
    std::string who;
    for (const std::string& name : d.students) {
      if (!who.empty()) who += ", ";
      auto it = by_name.find(name);
      who += it == by_name.end() ? Markup(name, kNameChars) : StudentLink(*it->second);
    }
    out += fmt::format(
        "<tr><td><code>{}</code><div class=\"example\">{}</div></td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td>{}</td></tr>",
        Markup(d.code, kNameChars), Markup(d.example, kLineChars), d.students.size(), d.cases, who);
  }
  if (!s.diagnoses.empty()) out += "</table>";
  if (s.diagnoses.size() > kShownDiagnoses)
    out += fmt::format("<p>... and {} more (summary.json has them all)</p>",
                       s.diagnoses.size() - kShownDiagnoses);
  out += "</section>\n";

  out +=
      "<section id=\"students\"><h2>Students</h2><table><tr><th>Submission</th>"
      "<th>Result</th><th>Points</th><th>Diagnoses (failed cases)</th></tr>";
  for (const StudentFigures& st : s.students) {
    std::map<std::string, size_t> codes(st.diagnoses.begin(), st.diagnoses.end());
    out += fmt::format(
        "<tr><td>{}</td><td class=\"{}\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
        StudentLink(st), run::StatusName(st.status), run::StatusName(st.status),
        st.scored ? fmt::format("{}/{}", st.total, st.max) : "", Counted(codes));
  }
  out += "</table></section>\n</main>\n</body></html>\n";
  return out;
}

std::string ReportLink(const std::vector<std::string>& formats, const std::string& name) {
  auto has = [&](const char* f) {
    return std::find(formats.begin(), formats.end(), f) != formats.end();
  };
  if (has("html")) return run::SubmissionFilePath("reports", name, ".html").string();
  if (has("text")) return run::SubmissionFilePath("reports", name, ".txt").string();
  return run::ResultPath("results", name).string();
}

void WriteClassView(const std::filesystem::path& out, const std::string& exercise,
                    const std::vector<GradebookCase>& cases,
                    const std::vector<std::string>& formats,
                    const std::vector<GradebookRow>& rows) {
  ClassSummary summary = Summarize(
      exercise, cases, rows, [&](const std::string& name) { return ReportLink(formats, name); });
  run::WriteAtomically(out / "summary.json", SummaryJson(summary));
  run::WriteAtomically(out / "index.html", ClassPage(summary));
}

}  // namespace netgrade::report
