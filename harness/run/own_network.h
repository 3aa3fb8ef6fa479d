// Cases that can only run in networks of their own (a lab kind's that says so: kinds/kind.h's
// needs_own_network; a program in the middle that reaches netgrade's server by a name only the
// case's name server may answer), and
// what such a case is told where netgrade cannot make network namespaces: it is not run (never
// on the machine's own network), neither the student's failure nor the grader's, and its
// message names the remedy for the platform it ran on. Every other case is graded.
#pragma once

#include <string>

#include "harness/run/case_runner.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

// What of `test` needs a network of the case's own, in words ("" when nothing).
std::string NeedsOwnNetwork(const spec::Spec& spec, const spec::Case& test);

// Where netgrade runs, as far as the remedy depends on it.
struct Platform {
  bool root = false;
  // AppArmor's restriction met and netgrade under no profile: the one command that installs
  // its profile (sandbox::AppArmorRemedy); "" otherwise.
  std::string apparmor_remedy;
  bool gitlab = false;  // GITLAB_CI is set: a job in a runner's container
  bool github = false;  // GITHUB_ACTIONS is set: a runner whose user has sudo
};
Platform ThisPlatform();

// One sentence: what would let netgrade make network namespaces on `platform`. Never a switch
// that turns a protection off for the whole machine where a narrower remedy exists.
std::string OwnNetworkRemedy(const Platform& platform);

// The message of a case that needs a network of its own where netgrade cannot make one (the
// case is then not run); "" when the case can run here. `why` says what was refused.
std::string NotRunHere(const spec::Spec& spec, const spec::Case& test, const std::string& why,
                       const Platform& platform);
// The same for this machine and `options` (whether namespaces are available, and why not).
std::string NotRunHere(const spec::Spec& spec, const spec::Case& test, const RunOptions& options);

// For the commands that take a spec whole (batch, validate): "case 'NAME': " and the first
// case's NotRunHere; "" when every case can run here.
std::string SpecNotRunHere(const spec::Spec& spec, const RunOptions& options);

}  // namespace netgrade::run
