// The transport kind as the runner finds it (kinds/kinds.cc): registered for its protocol,
// with the checks and words of its folder, and runnable wherever a UDP lab is.
#include "harness/kinds/transport/kind.h"

#include <gtest/gtest.h>

#include "harness/run/own_network.h"

namespace netgrade::transport {
namespace {

TEST(TransportKind, IsTheKindOfProtocolTransport) {
  EXPECT_EQ(kinds::KindOf(spec::Protocol::kTransport), &Kind());
  EXPECT_EQ(Kind().name, "transport");
  EXPECT_TRUE(Kind().checks.traffic);
  EXPECT_FALSE(Kind().raw_sockets);
}

TEST(TransportKind, NeedsNoNetworkOfItsOwn) {
  // Its link is in netgrade's process: a case runs on the machine's loopback too.
  spec::Spec s;
  s.exercise = "reliable-transfer";
  s.protocol = spec::Protocol::kTransport;
  spec::Case c;
  c.role = "sender";
  EXPECT_EQ(run::NeedsOwnNetwork(s, c), "");
}

}  // namespace
}  // namespace netgrade::transport
