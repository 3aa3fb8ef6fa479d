// The ICMP kind's checks of what the program sent (check/kind_checks.h): its echo requests,
// then its TTL probes, on the case's wire.
#include "harness/kinds/icmp/traffic.h"

#include "harness/kinds/icmp/echo_checks.h"
#include "harness/kinds/icmp/evidence.h"
#include "harness/kinds/icmp/spec_parts.h"
#include "harness/kinds/icmp/ttl_probes.h"

namespace netgrade::icmp {

check::Finding CheckTraffic(const observe::Observation& obs) {
  static const Evidence kNothing;
  const Evidence* seen = dynamic_cast<const Evidence*>(obs.kind.get());
  if (!seen) seen = &kNothing;
  const std::vector<WireRecord>* records = seen->records;
  IcmpCase c;
  c.expect = EchoRequestsOf(obs.test->expect);
  c.records = records;
  c.plan = seen->plan;
  c.destination = seen->destination;
  c.stdout_text = obs.stdout_text;
  c.program_waited_ms = seen->program_waited_ms;
  c.own_echoes = seen->own_echoes;
  c.own_bad_checksums = seen->own_bad_checksums;
  if (!obs.program.exited) c.at_rest_in = obs.at_rest_in;
  c.ended_quietly = obs.program.exited && obs.program.status == 0 && obs.program.signal == 0 &&
                    obs.stdout_text.find_first_not_of(" \t\r\n") == std::string::npos &&
                    obs.program.stderr_text.find_first_not_of(" \t\r\n") == std::string::npos;
  c.program = obs.program.display_name;
  if (check::Finding f = CheckEchoRequests(c); !f.ok()) return f;
  TtlCase t;
  t.expect = TtlProbesOf(obs.test->expect);
  t.records = records;
  t.plan = seen->plan;
  t.destination = seen->destination;
  t.ended_quietly = c.ended_quietly;
  t.program = c.program;
  return CheckTtlProbes(t);
}

}  // namespace netgrade::icmp
