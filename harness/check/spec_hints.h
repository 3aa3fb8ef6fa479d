// The spec's own advice added to a diagnosis of netgrade's: `expect: hints:` for one check
// (stdout, received, replies, exit, exit_status, no_traceback) and a line's own `hint` in
// `stdout: [...]` / `received: [...]` (specs/FORMAT.md, "expect").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/check/finding.h"
#include "harness/spec/spec.h"

namespace netgrade::check {

// `f` with the hint the spec gives for `check` (a key of Expect::hints) as a note after its
// sentences; `f` as it is when it held or the spec gives none.
Finding WithCheckHint(Finding f, const spec::Expect& e, std::string_view check);

// The same for `stdout` or `received` given as lines: the hint of the line the diagnosis
// found different (Difference::expected), else the check's own.
Finding WithLinesHint(Finding f, const spec::Expect& e, std::string_view check);

// `message` and `hint` as one text: the hint after a space, its sentence ended.
std::string AppendHint(std::string message, const std::string& hint);
// The hint alone, its sentence ended: "print one line per name." ("" for none).
std::string HintSentence(const std::string& hint);

}  // namespace netgrade::check
