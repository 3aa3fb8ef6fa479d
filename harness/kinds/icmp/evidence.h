// What an ICMP case observed on its wire, for its checks (traffic.cc): the observation's
// evidence of this kind (observe::Observation::kind). Plain data: pointers into the case's
// wire and plan, which outlive every judgment of the case.
#pragma once

#include <string>
#include <vector>

#include "harness/kinds/icmp/fault_plan.h"
#include "harness/kinds/icmp/ping_socket.h"
#include "harness/kinds/icmp/wire_record.h"
#include "harness/observe/observation.h"

namespace netgrade::icmp {

struct Evidence : observe::KindEvidence {
  // What crossed the case's wire, the plan the wire followed, and the destination the
  // program was given.
  const std::vector<WireRecord>* records = nullptr;
  const IcmpPlan* plan = nullptr;
  std::string destination;
  // The longest any of the program's threads waited for a CPU during the case (its run
  // delay, looked at as it sent and printed): what the load may add to a time it measured.
  double program_waited_ms = 0;
  // Echo requests the student's own kernel answered (own_echoes.h): pings of its own host.
  uint64_t own_echoes = 0;
  // ICMP messages the student's own kernel dropped for a wrong checksum: requests to its own
  // host, built wrong.
  uint64_t own_bad_checksums = 0;

  // An ICMP program's habit its traceback shows: a ping socket's reply sliced as a raw
  // socket's (ping_socket.h).
  const char* TracebackHabit(const std::string& last, const std::string& code,
                             const observe::ProgramRun& run) const override {
    return ExplainPingSocketSlice(last, code, run);
  }
};

}  // namespace netgrade::icmp
