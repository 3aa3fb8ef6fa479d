// A traceroute that found every hop in order but prints its lines in a format of its own (the
// textbook's ' 1    rtt=12 ms    10.1.0.1', a 'TTL 1: ...' of its own): the lab's line format
// is the one thing to fix, and the diagnosis says so instead of "no line matching <pattern>".
#pragma once

#include <string>
#include <vector>

#include "harness/check/finding.h"
#include "harness/kinds/icmp/wire_record.h"
#include "harness/observe/observation.h"

namespace netgrade::icmp {

// The hops that answered the program, in the order their first answer reached it: each
// router whose time exceeded, then the destination's echo reply (or its unreachable).
std::vector<std::string> HopsThatAnswered(const std::vector<WireRecord>& records);
// The first IPv4 address of each line of `text` that holds one, in order, with its line.
struct PrintedHop {
  std::string address;
  std::string line;
};
std::vector<PrintedHop> HopsPrinted(const std::string& text);

// `content`: the stdout check's finding (no_matching_line, line_count). When the lines name
// hops that answered, in the order they answered, the destination last, and none is in the lab's
// format (no line matches any of the case's stdout_matches), the finding that the format is the
// program's own (own_line_format), with the failed check's advice as its fix; Ok otherwise.
check::Finding ExplainOwnLineFormat(const observe::Observation& obs, const check::Finding& content);

}  // namespace netgrade::icmp
