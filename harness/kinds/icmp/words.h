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
// "    Expected: 4 echo requests on the wire, ...\n" for `echo_requests` and `ttl_probes`.
std::string ExpectWords(const spec::Expect& e);

}  // namespace netgrade::icmp
