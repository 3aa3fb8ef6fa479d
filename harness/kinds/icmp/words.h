// The ICMP kind in words, for `netgrade explain` (report/explain.cc asks the kind).
#pragma once

#include <string>

#include "harness/spec/spec.h"

namespace netgrade::icmp {

// "  role pinger: the program ... run with ...; it sends ICMP itself (...)\n"
std::string RoleWords(const spec::Role& r);
// "    The path: 2 routers (their addresses drawn from the seed) to ...; ...\n"; "" without a
// path.
std::string CaseWords(const spec::Case& c);

}  // namespace netgrade::icmp
