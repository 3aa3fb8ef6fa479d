// The kinds the runner knows (kinds/kinds.cc): one for each protocol a spec names.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include "harness/kinds/kind.h"

namespace netgrade::kinds {
namespace {

TEST(Kinds, EachProtocolIsAKindOnlyTcpAndUdpCasesAreTheRunnersOwn) {
  for (auto [protocol, name] : {std::pair{spec::Protocol::kTcp, "tcp"},
                                {spec::Protocol::kUdp, "udp"},
                                {spec::Protocol::kIcmp, "icmp"},
                                {spec::Protocol::kTransport, "transport"}}) {
    const Kind& kind = KindOf(protocol);
    EXPECT_EQ(kind.name, name);
    EXPECT_EQ(kind.protocol, protocol);
    EXPECT_TRUE(kind.checks.traffic) << name;
    EXPECT_TRUE(kind.checks.explain) << name;
    EXPECT_TRUE(kind.explain_role) << name;
    EXPECT_TRUE(kind.explain_case) << name;
    const bool sockets = protocol == spec::Protocol::kTcp || protocol == spec::Protocol::kUdp;
    EXPECT_EQ(static_cast<bool>(kind.start_case), !sockets) << name;
    EXPECT_EQ(kind.checks.files_first, sockets) << name;
  }
  EXPECT_EQ(KindOf(spec::Protocol::kTcp).socket_type, SOCK_STREAM);
  EXPECT_EQ(KindOf(spec::Protocol::kUdp).socket_type, SOCK_DGRAM);
}

TEST(Kinds, OnlyAKindWithRawSocketsGivesItsProgramsRawRights) {
  spec::Spec s;
  s.protocol = spec::Protocol::kTcp;
  EXPECT_FALSE(RawSockets(s));
  s.protocol = spec::Protocol::kIcmp;
  EXPECT_TRUE(RawSockets(s));
}

}  // namespace
}  // namespace netgrade::kinds
