// A case of an ICMP lab (protocol: icmp): its path of routers (router_path.h) and wire
// (wire.h) that carries out the case's faults (fault_plan.h), the program started in the
// student's host there and run until it exits or rests; the verdict as for any case (the
// runner's Finish, with traffic.h's checks), the wire's record as its transcript.
#pragma once

#include <cstdint>
#include <memory>

#include "harness/kinds/icmp/fault_plan.h"
#include "harness/kinds/icmp/router_path.h"
#include "harness/kinds/icmp/wire.h"
#include "harness/kinds/kind.h"
#include "harness/sandbox/dns_answerer.h"

namespace netgrade::icmp {

class IcmpKindCase : public kinds::KindCase {
 public:
  check::CaseResult Run(kinds::CaseHost& host) override;
  std::shared_ptr<const observe::KindEvidence> Evidence(kinds::CaseHost& host) const override;
  size_t ActivityMark() const override;
  void OnProgramOutput(kinds::CaseHost& host) override;

 private:
  // At most one look a millisecond at how long the program waited for a CPU: the round trips
  // and timeouts it measured may be stretched by as much (echo_checks.h).
  void SampleProgramWait(kinds::CaseHost& host);
  // The wire's record and plan, in words, for the report.
  void Describe(kinds::CaseHost& host, check::CaseResult* r) const;

  // In this order: the path outlives the wire (the program, the runner's, is gone first).
  std::unique_ptr<RouterPath> path_;
  std::unique_ptr<IcmpPlan> plan_;
  std::unique_ptr<IcmpWire> wire_;
  // `destination: any`: the case's name server, in the student's host.
  std::unique_ptr<sandbox::DnsAnswerer> names_;
  int64_t program_waited_ns_ = 0;  // SampleProgramWait's largest
  TimePoint last_sample_{};
};

}  // namespace netgrade::icmp
