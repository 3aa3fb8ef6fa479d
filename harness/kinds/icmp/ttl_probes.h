// The checks of `expect: ttl_probes` (a traceroute's): its echo requests on the case's wire
// (kinds/icmp/wire.h), TTL by TTL. Pure: records in, a Finding out.
#pragma once

#include <string>
#include <vector>

#include "harness/check/finding.h"
#include "harness/kinds/icmp/fault_plan.h"
#include "harness/kinds/icmp/spec_parts.h"
#include "harness/kinds/icmp/wire_record.h"
#include "harness/spec/spec.h"

namespace netgrade::icmp {

struct TtlCase {
  const spec::TtlProbes* expect = nullptr;
  const std::vector<icmp::WireRecord>* records = nullptr;
  // The wire's plan: which requests it let an answer through for. Without it (a test of the
  // other checks) a move to the next TTL is not judged.
  const icmp::IcmpPlan* plan = nullptr;
  std::string destination;
  // It ended by itself, status 0, silent (IcmpCase::ended_quietly), and its name.
  bool ended_quietly = false;
  std::string program;
};

// The first thing wrong: no request; one not type 8 code 0, with a bad checksum, or another
// identifier; TTLs not 1, 2, 3, ... (each the same as the one before or one more); more
// requests with one TTL than most_per_ttl; on to the next TTL after fewer than most_per_ttl
// requests none of which the plan answered (IcmpPlan::AnswerPasses): a verdict from the
// requests in the order sent and the plan's seeded decisions, never from when answers came.
// With `more_traces`, only the requests before a new trace (TTL 1 again once the destination's
// echo reply reached the program) are judged.
check::Finding CheckTtlProbes(const TtlCase& c);

}  // namespace netgrade::icmp
