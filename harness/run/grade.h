// Grades one submission against one spec: finds each role's program, copies the submission
// to a private directory and runs the cases of the chosen roles one after the other.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "harness/run/case_runner.h"
#include "harness/run/result.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

struct GradeOptions {
  std::filesystem::path submission;
  std::set<std::string> roles;                  // empty: every role that has a program
  std::map<std::string, std::string> programs;  // --program ROLE=PATH
  std::set<std::string> cases;                  // empty: every case of the chosen roles
  RunOptions run;
};

// Throws UsageError for a layout error: no such directory, a role asked for by name has no
// program, or no role has one. A role not asked for by name whose program is missing gets
// its cases failed with missing_program (a batch grade still scores the rest).
GradeResult Grade(const spec::Spec& spec, const GradeOptions& options);

// The case's seed: the run's seed mixed with the case's name, so one case's faults do not
// move when another case is added.
uint64_t CaseSeed(uint64_t run_seed, const std::string& case_name);

}  // namespace netgrade::run
