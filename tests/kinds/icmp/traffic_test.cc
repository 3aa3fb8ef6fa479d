// The ICMP kind's checks as the judge calls them (check/kind_checks.h): from the evidence the
// case put in the observation, echo requests first, then TTL probes.
#include "harness/kinds/icmp/traffic.h"

#include <gtest/gtest.h>

#include <memory>

#include "harness/check/judge.h"
#include "harness/kinds/icmp/codes.h"
#include "harness/kinds/icmp/evidence.h"
#include "harness/kinds/icmp/kind.h"
#include "harness/kinds/icmp/spec_parts.h"

namespace netgrade::icmp {
namespace {

constexpr uint32_t kStudent = 0x0a000002;      // 10.0.0.2
constexpr uint32_t kDestination = 0xcb007109;  // 203.0.113.9

struct Pinger {
  spec::Spec spec;
  IcmpPlan plan{IcmpFaults{}, {0x0a010101}, 1};
  std::vector<WireRecord> records;
  observe::Observation obs;

  Pinger() {
    spec.protocol = spec::Protocol::kIcmp;
    spec.roles = {{.name = "pinger",
                   .names = {"pinger"},
                   .listens = false,
                   .argv = {"{host}"},
                   .port_env = {},
                   .mark = {}}};
    spec::Case c;
    c.name = "two";
    c.role = "pinger";
    auto icmp = std::make_shared<spec::IcmpExpect>();
    icmp->echo_requests.emplace().count = 2;
    c.expect.kind_part = icmp;
    c.expect.exit_status = 0;
    spec.cases = {c};
    obs.spec = &spec;
    obs.test = &spec.cases[0];
    obs.role = &spec.roles[0];
    obs.program.display_name = "pinger.py";
    obs.program.exited = true;
  }
  void Request(uint16_t seq, double ms) {
    WireRecord r;
    r.seen = r.delivered =
        Clock::now() + std::chrono::microseconds(static_cast<int64_t>(ms * 1000));
    r.bytes = Build(kStudent, kDestination, 64, kEchoRequest, 0, 0x4242, seq, "12345678");
    r.packet = *Parse(r.bytes);
    plan.Decide(r.packet, false, 0);
    records.push_back(r);
  }
  void WithEvidence() {
    auto e = std::make_shared<Evidence>();
    e->records = &records;
    e->plan = &plan;
    e->destination = "203.0.113.9";
    obs.kind = e;
  }
};

TEST(IcmpTraffic, WithoutEvidenceNothingIsJudgedAndWithItsEmptyWireNoRequestCame) {
  Pinger p;
  EXPECT_TRUE(CheckTraffic(p.obs).ok()) << "no wire, no plan: nothing to judge them by";
  p.WithEvidence();
  EXPECT_EQ(CheckTraffic(p.obs).code, icmp::Codes::kNoEchoRequest);
}

TEST(IcmpTraffic, ReadsTheRequestsTheCasePutInTheObservation) {
  Pinger p;
  p.Request(1, 0);
  p.WithEvidence();
  // One request where the case asks for two, from the evidence alone.
  check::Finding f = CheckTraffic(p.obs);
  EXPECT_EQ(f.code, icmp::Codes::kRequestCount) << f.Text();
}

TEST(IcmpTraffic, TheJudgeAsksTheKindAndNotATcpOrUdpPeer) {
  Pinger p;
  p.WithEvidence();
  // No peer, no proxy: a TCP or UDP judge would look for what a reference peer received; the
  // kind's checks look at the wire, which saw no request.
  EXPECT_EQ(check::Judge(p.obs, Kind().checks).code, icmp::Codes::kNoEchoRequest);
}

}  // namespace
}  // namespace netgrade::icmp
