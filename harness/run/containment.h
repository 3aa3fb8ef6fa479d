// The containment this machine gives the cases (cgroups, network namespaces, the filesystem,
// the user the programs run as), how it falls short of full and why, said to an operator in
// one line and to a student in one sentence where it bears on the run.
#pragma once

#include <string>

#include "harness/check/result.h"
#include "harness/run/case_runner.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

// The containment and its shortfalls, with the causes. Probes once (network namespaces: call
// it before starting any thread).
// `packet_sockets`: the spec's kind gives its programs raw rights (kinds::RawSockets), so
// AF_PACKET is offered.
check::Sandbox DescribeSandbox(const RunOptions& options, bool packet_sockets = false);
// The one stderr line of a run whose containment is weaker than full ("" when it is full):
// what is missing and why, and whether cases then run one at a time. For an operator
// (batch, validate, check --verbose); the JSON report's sandbox object says the same.
std::string ContainmentLine(const check::Sandbox& sandbox, bool one_at_a_time);
// What a student reads instead (check without --verbose): one plain sentence, and only where
// the containment bears on the run: no network of the program's own while the spec has a
// fixed port (the program then uses this computer's own port) or cases wait for each other.
// "" otherwise.
std::string ContainmentSentence(const check::Sandbox& sandbox, const spec::Spec& spec,
                                bool one_at_a_time);

}  // namespace netgrade::run
