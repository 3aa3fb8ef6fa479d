// The transport kind as the runner finds it (kinds/kinds.cc): registered for its protocol,
// with the checks and words of its folder, and runnable wherever a UDP lab is.
#include "harness/kinds/transport/kind.h"

#include <gtest/gtest.h>

#include "harness/kinds/transport/spec_parts.h"
#include "harness/run/own_network.h"

namespace netgrade::transport {
namespace {

TEST(TransportKind, IsTheKindOfProtocolTransport) {
  EXPECT_EQ(&kinds::KindOf(spec::Protocol::kTransport), &Kind());
  EXPECT_EQ(Kind().name, "transport");
  EXPECT_TRUE(Kind().checks.traffic);
  EXPECT_FALSE(Kind().raw_sockets);
}

TEST(TransportKind, NeedsNoNetworkOfItsOwnButForAKernelFlowBesideTheProgram) {
  // Its link is in netgrade's process: a case runs on the machine's loopback too.
  spec::Spec s;
  s.exercise = "congestion-control";
  s.protocol = spec::Protocol::kTransport;
  spec::Case c;
  c.role = "sender";
  EditCase(c)->transfer.emplace();
  EditCase(c)->transfer->file = "big.bin";
  EXPECT_EQ(run::NeedsOwnNetwork(s, c), "");
  // A kernel TCP flow beside it crosses the link between two namespaces netgrade makes.
  EditCase(c)->transfer->beside_tcp = true;
  EXPECT_NE(run::NeedsOwnNetwork(s, c).find("congestion-control is a transport lab whose case "
                                            "runs a kernel TCP flow beside the program"),
            std::string::npos)
      << run::NeedsOwnNetwork(s, c);
  EXPECT_NE(run::NotRunHere(s, c, "user namespaces are refused", run::Platform{})
                .find("Not run on this machine"),
            std::string::npos);
}

// A case that judges a goodput (a pass mark or tiers) or a queueing delay runs alone; one that
// judges the packets alone (in flight, resends) runs beside others, as does a TCP lab's.
TEST(TransportKind, ACaseThatMeasuresSpeedRunsAlone) {
  spec::Spec s;
  s.protocol = spec::Protocol::kTransport;
  spec::Case c;
  EXPECT_FALSE(kinds::RunsAlone(s, c)) << "nothing judged on the packets";
  EditExpect(c.expect);
  EditExpect(c.expect)->in_flight_at_most = 20;
  EXPECT_FALSE(kinds::RunsAlone(s, c));
  EditExpect(c.expect)->goodput_at_least = 0.5;
  EXPECT_TRUE(kinds::RunsAlone(s, c));
  EditExpect(c.expect)->goodput_at_least.reset();
  EditExpect(c.expect)->goodput_tiers.push_back({});
  EXPECT_TRUE(kinds::RunsAlone(s, c));
  EditExpect(c.expect)->goodput_tiers.clear();
  EditExpect(c.expect)->queue_delay_at_most_ms = 80;
  EXPECT_TRUE(kinds::RunsAlone(s, c));
  EditExpect(c.expect)->queue_delay_at_most_ms.reset();
  EditExpect(c.expect)->share_at_least = 0.3;
  EXPECT_TRUE(kinds::RunsAlone(s, c)) << "a share beside TCP is measured by the clock too";
  s.protocol = spec::Protocol::kTcp;
  EXPECT_FALSE(kinds::RunsAlone(s, c)) << "a TCP lab's case has no kind of its own";
}

}  // namespace
}  // namespace netgrade::transport
