// Gradescope's results.json (gradescope-autograders.readthedocs.io/en/latest/specs/): the
// documented fields only, with their documented types; extra_data names the submission.
#include <fmt/core.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "harness/base/text.h"
#include "harness/report/report.h"

namespace netgrade::report {
namespace {

using nlohmann::json;

// A test's output: Gradescope shows it in a <pre>, as text. Student bytes go through
// Visible() (no terminal escapes, valid UTF-8); Gradescope itself keeps a test that is not
// yet visible from the student, so the details are all there.
std::string Output(const check::CaseResult& c) {
  std::string out;
  if (!c.description.empty()) out += "The case: " + c.description + ".\n";
  if (c.not_run()) return Visible(out + c.message + "\n");
  if (!c.graded()) out += "Not graded (0 points): for your information only.\n";
  if (c.passed()) return Visible(out + "Passed." + NotesBlock(c));
  out += c.message + "\n" + NotesBlock(c) + ProxyBlock(c);
  return Visible(out);
}

// Seconds, to the millisecond (the documented type is a number of seconds).
double Seconds(double ms) { return std::round(ms) / 1000.0; }

json Document(const check::GradeResult& result) {
  json tests = json::array();
  double ms = 0;
  for (const check::CaseResult& c : result.cases) {
    ms += c.wall_ms;
    tests.push_back({
        {"name", Visible(c.name)},
        {"score", c.score},
        {"max_score", c.max_score},
        {"status", c.passed() ? "passed" : "failed"},
        {"output", Output(c)},
        {"visibility", spec::VisibilityName(c.visibility)},
    });
  }
  // A case's figure that ranks a class (a transport sender's goodput): Gradescope's leaderboard.
  json leaderboard = json::array();
  for (const check::CaseResult& c : result.cases)
    for (const check::Figure& f : c.figures)
      if (f.leaderboard)
        leaderboard.push_back(
            {{"name", Visible(fmt::format("{}: {} ({})", c.name, f.name, f.unit))},
             {"value", f.value},
             {"order", "desc"}});
  std::string summary =
      fmt::format("{}: {}/{} points; {}. ({})", Visible(result.exercise), result.score,
                  result.max_score, CasesOutcome(result), SeedNote(result.seed));
  json doc = {
      {"score", result.score},
      {"execution_time", Seconds(ms)},
      {"output", summary},
      {"tests", tests},
      {"extra_data",
       {{"exercise", Visible(result.exercise)},
        {"submission", Visible(result.submission)},
        {"seed", result.seed}}},
  };
  if (!leaderboard.empty()) doc["leaderboard"] = leaderboard;
  return doc;
}

json LayoutDocument(const run::GradeOutcome& outcome) {
  const check::GradeResult& r = outcome.result;
  return {
      {"score", 0},
      {"execution_time", 0},
      {"output", Visible("Not graded: the submission's layout is wrong.\n" + outcome.layout_error)},
      {"tests", json::array()},
      {"extra_data",
       {{"exercise", Visible(r.exercise)},
        {"submission", Visible(r.submission)},
        {"seed", r.seed}}},
  };
}

// Every string went through Visible(), so nothing is replaced here; the handler is a guard.
std::string Dump(const json& doc) {
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string Gradescope(const check::GradeResult& result) { return Dump(Document(result)); }

std::string GradescopeLayoutError(const run::GradeOutcome& outcome) {
  return Dump(LayoutDocument(outcome));
}

std::string GradescopeClass(const std::vector<run::GradeOutcome>& outcomes) {
  json list = json::array();
  for (const run::GradeOutcome& o : outcomes)
    list.push_back(o.layout_error.empty() ? Document(o.result) : LayoutDocument(o));
  return Dump(list);
}

}  // namespace netgrade::report
