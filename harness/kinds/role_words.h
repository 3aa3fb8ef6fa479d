// How `netgrade explain` begins a role, the same for every kind: its name, the programs that
// play it, and its command line. Each kind's RoleWords goes on with what it runs against.
#pragma once

#include <string>

#include "harness/spec/spec.h"

namespace netgrade::kinds {

// "  role server: the program server or server.py (an executable, ...)\n    run with arguments
// {port}" (or "run with no arguments"), no line end: the kind's words follow.
std::string RoleHeading(const spec::Role& r);

}  // namespace netgrade::kinds
