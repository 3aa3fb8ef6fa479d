#include "harness/validate/catalogue.h"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "harness/base/text.h"
#include "harness/kinds/kind.h"

namespace netgrade::validate {

std::optional<std::string> DifferentSends(const std::vector<std::vector<std::string>>& first,
                                          const std::vector<std::vector<std::string>>& now) {
  for (size_t c = 0; c < first.size() && c < now.size(); ++c)
    for (size_t i = 0; i < first[c].size() && i < now[c].size(); ++i)
      if (first[c][i] != now[c][i])
        return fmt::format("{} on the first run, {} on this one (message {} on connection {})",
                           Quote(first[c][i]), Quote(now[c][i]), i + 1, c + 1);
  return std::nullopt;
}

std::optional<std::string> DescribeFlake(const std::string& case_name, const RunVerdict& first,
                                         const RunVerdict& later) {
  if (first.passed == later.passed && first.code == later.code) return std::nullopt;
  auto verdict = [](const RunVerdict& v) {
    std::string what = v.passed ? "passed" : fmt::format("failed [{}]", check::CodeName(v.code));
    return fmt::format("{} in run {} (seed {})", what, v.run, v.seed);
  };
  std::string out = fmt::format("{}: {}, {}: the verdict depends on timing or the seed", case_name,
                                verdict(first), verdict(later));
  // What each failing run said: the cause of a flake is in the words of the run that failed.
  for (const RunVerdict* v : {&first, &later})
    if (!v->passed)
      out += fmt::format("\n    run {}, after {:.1f} s: {}", v->run, v->wall_ms / 1000, v->message);
  return out;
}

std::vector<std::string> UngradedFailures(const spec::Spec& spec, const Fixture& fixture) {
  std::vector<std::string> out;
  for (const auto& [name, code] : fixture.fail) {
    auto c = std::find_if(spec.cases.begin(), spec.cases.end(),
                          [&](const spec::Case& k) { return k.name == name; });
    if (c == spec.cases.end()) continue;  // reported as a case the spec does not have
    bool case_graded =
        fixture.cases.empty() ||
        std::find(fixture.cases.begin(), fixture.cases.end(), name) != fixture.cases.end();
    bool role_graded =
        fixture.roles.empty() ||
        std::find(fixture.roles.begin(), fixture.roles.end(), c->role) != fixture.roles.end();
    if (!case_graded || !role_graded)
      out.push_back(fmt::format(
          "expected.yaml says case '{}' must fail [{}], but its {} filter never grades it "
          "(role '{}'), so nothing checks that",
          name, check::CodeName(code), case_graded ? "roles:" : "cases:", c->role));
  }
  return out;
}

// How long a case that got the wrong verdict ran, and what of it was owed to the machine's
// load: a verdict that turns on the time a case had shows here.
std::string Took(const check::CaseResult& c) {
  std::string out = fmt::format(" after {:.1f} s", c.wall_ms / 1000);
  if (c.load_extension_ms > 0)
    out += fmt::format(", {:.1f} s of it owed to the machine's load", c.load_extension_ms / 1000);
  return out;
}

std::optional<std::string> DescribeMissingSentence(const Fixture& fixture,
                                                   const std::string& case_name,
                                                   const std::string& message,
                                                   const std::string& run_note) {
  auto say = fixture.says.find(case_name);
  if (say == fixture.says.end() || message.find(say->second) != std::string::npos)
    return std::nullopt;
  std::string said = message;
  while (!said.empty() && std::isspace(static_cast<unsigned char>(said.back()))) said.pop_back();
  return fmt::format("fixture {} case {}{}: diagnosis does not say '{}'; it says: '{}'",
                     fixture.name, case_name, run_note, say->second, said);
}

std::optional<std::string> DescribeMissingNote(const Fixture& fixture, const std::string& case_name,
                                               const std::vector<std::string>& notes,
                                               const std::string& run_note) {
  if (fixture.note.empty() || std::any_of(notes.begin(), notes.end(), [&](const std::string& n) {
        return n.find(fixture.note) != std::string::npos;
      }))
    return std::nullopt;
  return fmt::format(
      "fixture {} case {}{}: no note says '{}'; its notes: {}", fixture.name, case_name, run_note,
      fixture.note,
      notes.empty() ? std::string("none") : fmt::format("'{}'", fmt::join(notes, "', '")));
}

// A reference solution blocks while it waits: the note for a program that polls instead
// (check/notes.cc), given to one, is the grader's mistake (a start-up spent computing read as
// a spin once).
std::optional<std::string> DescribeReferenceCalledBusy(const Fixture& fixture,
                                                       const std::string& case_name,
                                                       const std::vector<std::string>& notes,
                                                       const std::string& run_note) {
  if (!fixture.reference()) return std::nullopt;
  for (const std::string& n : notes)
    if (n.find("while it had nothing to do") != std::string::npos)
      return fmt::format("reference {} case {}{}: told it spins: '{}'", fixture.name, case_name,
                         run_note, n);
  return std::nullopt;
}

bool GradedTwice(const spec::Spec& spec, const Fixture& fixture) {
  if (fixture.random) return true;
  int graded = 0;
  bool drawn = false, all_alone = true;
  for (const spec::Case& c : spec.cases) {
    bool role_graded =
        fixture.roles.empty() ||
        std::find(fixture.roles.begin(), fixture.roles.end(), c.role) != fixture.roles.end();
    bool case_graded =
        fixture.cases.empty() ||
        std::find(fixture.cases.begin(), fixture.cases.end(), c.name) != fixture.cases.end();
    if (!role_graded || !case_graded) continue;
    ++graded;
    drawn = drawn || !c.faults.Empty() || c.kind_part;
    all_alone = all_alone && kinds::RunsAlone(spec, c);
  }
  if (graded > 0 && all_alone && !fixture.reference()) return false;
  return drawn || graded >= 2;
}

std::vector<std::string> CheckFixture(const spec::Spec& spec, const Fixture& fixture, int repeat,
                                      const run::RunOptions& options, int jobs, bool vary_seed,
                                      int later_jobs,
                                      std::vector<std::vector<check::CaseResult>>* runs) {
  if (!fixture.unavailable.empty()) return {fixture.unavailable};
  std::vector<std::string> problems = UngradedFailures(spec, fixture);
  for (const auto& [name, code] : fixture.fail)
    if (std::none_of(spec.cases.begin(), spec.cases.end(),
                     [&](const spec::Case& c) { return c.name == name; }))
      problems.push_back(
          fmt::format("expected.yaml names case '{}', which {} does not have", name, spec.file));

  std::map<std::string, RunVerdict> first;
  std::map<std::string, std::vector<std::string>> first_datagrams;
  std::map<std::string, std::vector<std::vector<std::string>>> first_sent;
  std::set<std::string> said_wrong;  // cases already reported for a missing key sentence
  for (int round = 0; round < repeat; ++round) {
    run::GradeOptions go;
    go.submission = fixture.dir;
    go.roles = {fixture.roles.begin(), fixture.roles.end()};
    go.cases = {fixture.cases.begin(), fixture.cases.end()};
    go.run = options;
    go.jobs = round > 0 && later_jobs > 0 ? later_jobs : jobs;
    go.run.seed = options.seed + (vary_seed ? static_cast<uint64_t>(round) : 0);
    check::GradeResult result = run::Grade(spec, go);
    if (runs != nullptr) runs->push_back(result.cases);
    for (const check::CaseResult& c : result.cases) {
      auto want = fixture.fail.find(c.name);
      bool want_pass = want == fixture.fail.end();
      std::string run_note =
          repeat > 1 ? fmt::format(" (run {}, seed {}{})", round + 1, go.run.seed,
                                   go.jobs > 1 ? fmt::format(", {} cases at a time", go.jobs) : "")
                     : "";
      if (round == 0) {
        if (want_pass && !c.passed())
          problems.push_back(fmt::format("{}: should pass, but failed [{}]{}{}: {}", c.name,
                                         check::CodeName(c.code), run_note, Took(c), c.message));
        else if (!want_pass && c.passed())
          problems.push_back(fmt::format("{}: should fail [{}], but passed{}", c.name,
                                         check::CodeName(want->second), run_note));
        else if (!want_pass && c.code != want->second)
          problems.push_back(fmt::format("{}: should fail [{}], but failed [{}]{}{}: {}", c.name,
                                         check::CodeName(want->second), check::CodeName(c.code),
                                         run_note, Took(c), c.message));
        else if (auto missing = DescribeMissingSentence(fixture, c.name, c.message, run_note)) {
          problems.push_back(*missing);
          said_wrong.insert(c.name);
        }
        // A diagnosis is data (check::Finding): what went wrong is its own part, never "".
        if (!c.passed() && c.cause.empty())
          problems.push_back(
              fmt::format("{}: its diagnosis [{}] has no cause, the first sentence "
                          "of its explanation{}: {}",
                          c.name, check::CodeName(c.code), run_note, c.message));
        // A case ends once its outcome is settled; a pass is settled when the program has
        // done its part, whatever it does next.
        if (want_pass && c.passed() && c.timed_out)
          problems.push_back(fmt::format(
              "{}: passed, but only at its timeout{}: the grader did not see that it had "
              "passed",
              c.name, run_note));
        if (fixture.settles && c.timed_out)
          problems.push_back(fmt::format(
              "{}: ended only at its timeout{}: the grader did not see that its outcome was "
              "settled (settles: true)",
              c.name, run_note));
        if (auto missing = DescribeMissingNote(fixture, c.name, c.notes, run_note))
          problems.push_back(*missing);
        if (auto busy = DescribeReferenceCalledBusy(fixture, c.name, c.notes, run_note))
          problems.push_back(*busy);
        first[c.name] = {c.passed(), c.code, 1, go.run.seed, c.message, c.wall_ms};
        first_datagrams[c.name] = c.datagram_key;
        first_sent[c.name] = c.sent_key;
      } else if (auto flake = DescribeFlake(
                     c.name, first[c.name],
                     {c.passed(), c.code, round + 1, go.run.seed, c.message, c.wall_ms})) {
        problems.push_back(*flake);
      } else if (go.run.seed == options.seed && !fixture.random &&
                 first_datagrams[c.name] != c.datagram_key) {
        problems.push_back(fmt::format(
            "{}: the same seed gave other datagrams{}: the program draws something of its own "
            "(an id, a random drop); say random: true in its expected.yaml, and choose cases "
            "whose verdict does not turn on the draw",
            c.name, run_note));
      } else if (auto sent = DifferentSends(first_sent[c.name], c.sent_key);
                 sent && go.run.seed == options.seed && !fixture.random && !fixture.reference()) {
        problems.push_back(fmt::format(
            "{}: the same seed gave other messages{}: {}; the program draws something of its own "
            "(an id, a random choice); say random: true in its expected.yaml, and choose cases "
            "whose verdict does not turn on the draw",
            c.name, run_note, *sent));
      } else if (!c.passed() && !said_wrong.count(c.name)) {
        // The verdict held; its key sentence must hold on every run too.
        if (auto missing = DescribeMissingSentence(fixture, c.name, c.message, run_note)) {
          problems.push_back(*missing);
          said_wrong.insert(c.name);
        }
      }
    }
  }
  return problems;
}

}  // namespace netgrade::validate
