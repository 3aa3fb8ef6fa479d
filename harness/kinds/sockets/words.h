// The TCP and UDP labs in words, for `netgrade explain` (report/explain.cc asks the kind).
#pragma once

#include <string>

#include "harness/spec/spec.h"

namespace netgrade::sockets {

// "  role server: the program server or server.py (...)\n    run with ...; the port comes in
// its arguments; it listens\n"
std::string RoleWords(const spec::Role& r);
// What netgrade's reference peer does in the case: the client's connections (or sockets) and
// what each sends, or what the server answers; then its script step by step (script_words.h).
std::string CaseWords(const spec::Spec& spec, const spec::Case& c);

}  // namespace netgrade::sockets
