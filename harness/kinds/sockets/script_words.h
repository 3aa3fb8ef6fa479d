// `netgrade explain` for a case with a script: every step in words, in the order played, with
// its line in the spec and its hints, so that an author reads back what the script does and
// a student what the case will do (instead of "the reference client makes 0 connections").
#pragma once

#include <string>

#include "harness/spec/spec.h"

namespace netgrade::sockets {

// One line per step, indented for Explain(); "" for a case without a script.
std::string ScriptText(const spec::Spec& spec, const spec::Case& c, const spec::Role& role);

}  // namespace netgrade::sockets
