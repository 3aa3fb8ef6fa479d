// The kinds the runner knows (kinds/kinds.cc): TCP and UDP are run/'s and check/'s own.
#include <gtest/gtest.h>

#include "harness/kinds/kind.h"

namespace netgrade::kinds {
namespace {

TEST(Kinds, TcpAndUdpAreTheRunnersOwnIcmpIsAKindOfItsOwn) {
  EXPECT_EQ(KindOf(spec::Protocol::kTcp), nullptr);
  EXPECT_EQ(KindOf(spec::Protocol::kUdp), nullptr);
  ASSERT_NE(KindOf(spec::Protocol::kIcmp), nullptr);
  EXPECT_EQ(KindOf(spec::Protocol::kIcmp)->name, "icmp");
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
