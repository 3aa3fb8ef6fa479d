// The catalogue's programs graded against what each must get (validate/fixture.h finds and
// reads them): every problem in words, a wrong verdict, a missing key sentence, a verdict or a
// message that changed between runs. `netgrade validate` and the test suite both grade it.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/check/diagnosis.h"
#include "harness/run/grade.h"
#include "harness/spec/spec.h"
#include "harness/validate/fixture.h"

namespace netgrade::validate {

// One run of a case, as the flakiness check compares runs.
struct RunVerdict {
  bool passed = false;
  check::Code code = check::Code::kNone;
  int run = 1;  // 1-based
  uint64_t seed = 0;
  std::string message;  // the diagnosis, when it failed
  double wall_ms = 0;   // how long the case ran
};

// "passed in run 1 (seed 1), failed [echo] in run 2 (seed 2): the verdict depends on timing or
// the seed", or nullopt when the two runs agree.
// Two runs of one seed: the first message both sent that differs, in words (a program's own
// draw: an id); nullopt when none does, a run that sent fewer before its case ended included.
std::optional<std::string> DifferentSends(const std::vector<std::vector<std::string>>& first,
                                          const std::vector<std::vector<std::string>>& now);

std::optional<std::string> DescribeFlake(const std::string& case_name, const RunVerdict& first,
                                         const RunVerdict& later);

// Cases that expected.yaml says must fail but that the fixture's roles:/cases: filter never
// grades, so nothing would ever check them: one line each.
std::vector<std::string> UngradedFailures(const spec::Spec& spec, const Fixture& fixture);

// "fixture X case Y: diagnosis does not say '...'; it says: '...'" (run_note, such as
// " (run 2, seed 3)", follows the case), or nullopt when the fixture's says: for the case is
// in the message (or it has none).
std::optional<std::string> DescribeMissingSentence(const Fixture& fixture,
                                                   const std::string& case_name,
                                                   const std::string& message,
                                                   const std::string& run_note = "");

// "fixture X case Y: no note says '...'; its notes: ..." when the fixture has a note: and
// none of the case's notes contains it; else nullopt.
std::optional<std::string> DescribeMissingNote(const Fixture& fixture, const std::string& case_name,
                                               const std::vector<std::string>& notes,
                                               const std::string& run_note = "");

// Whether a second grading of the fixture (the same seed, two cases at a time) proves what
// its first grading, expected.yaml and its golden file do not: that cases running at once do
// not disturb each other (it grades two cases or more), or that what the seed draws against
// the program, beyond its messages, gives the same verdict again (a graded case has faults, or
// a lab kind's part of its own: an emulated link:, a path of routers), or that a program drawing
// numbers of its own (random: true) still gets the same verdicts. A fixture of one case on
// plain sockets without faults is graded once: one case at a time and two are the same run.
// So is a buggy fixture whose every graded case runs alone (kinds::RunsAlone: it measures a
// speed, whatever --jobs): its second grading would be its first again, a minute of the CI's
// serial part for each congestion-control fixture; a reference is graded twice all the same
// (a second sample of a measured case, which a reference must pass every time).
bool GradedTwice(const spec::Spec& spec, const Fixture& fixture);

// Grades a fixture `repeat` times, with a new seed each time (vary_seed) or the same one;
// returns one line per problem: a case with the wrong verdict or diagnosis code, a diagnosis
// without its key sentence, a note without the fixture's note:, a pass only at the timeout, a
// verdict that changed between runs, or (same seed) a UDP transcript that changed. The first
// run grades `jobs` cases at a time, later ones `later_jobs` (0: as many as the first).
// `runs`, when given, receives each run's results (for a test that compares their words with
// golden files without grading the fixture again).
std::vector<std::string> CheckFixture(const spec::Spec& spec, const Fixture& fixture, int repeat,
                                      const run::RunOptions& options, int jobs = 1,
                                      bool vary_seed = true, int later_jobs = 0,
                                      std::vector<std::vector<check::CaseResult>>* runs = nullptr);

}  // namespace netgrade::validate
