// Which of a step's hints a failure tells (spec::Step::hint, spec::StepHints): the one given
// for its kind of failure, else the plain `hint:`. A hint is the spec author's advice for one
// way a step can fail; told for another way it misleads ("a client that connects later must be
// served too" under an answer that came back wrong).
#pragma once

#include <string>

#include "harness/peers/script_failure.h"
#include "harness/spec/spec.h"

namespace netgrade::peers {

// The kinds as the spec names them: "wrong", "nothing", "extra", "closed"; "" for a failure
// that is the grader's own (no hint of the spec is about that).
const char* HintKind(const ScriptFailure& f);

// The hint to tell for `f` at step `s`: the one of its kind, else `s.hint`; "" for none.
std::string ChooseHint(const spec::Step& s, const ScriptFailure& f);

}  // namespace netgrade::peers
