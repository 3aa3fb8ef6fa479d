// The transport kind in words, for `netgrade explain` (report/explain.cc asks the kind): a role
// that speaks the lab's packets over UDP, and a case's link and transfer.
#pragma once

#include <string>

#include "harness/kinds/transport/spec_parts.h"
#include "harness/spec/spec.h"

namespace netgrade::transport {

std::string RoleWords(const spec::Role& r);
// "    The link: 10 Mbit/s, 50 ms each way, a queue of 100 packets; ...\n"
std::string CaseWords(const spec::Case& c);
// The transfer and the link on one line, for a report's fault plan.
std::string LinkLine(const spec::Case& c);
// What a case judges on the packets: "netgrade's receiver gets the whole file...; ...". A
// goodput is of what the window and the link allow, or, where the sender chooses its own
// window (`own_window`), of what the link allows.
std::string ExpectWords(const spec::TransportExpect& x, bool own_window = false);
// One direction in words: "10 Mbit/s, 50 ms, a queue of 100 packets, 10% lost".
std::string DirectionWords(const spec::LinkDirection& d);

}  // namespace netgrade::transport
