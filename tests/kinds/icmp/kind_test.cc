// The ICMP kind as the runner and the judge find it (kinds/kind.h).
#include "harness/kinds/icmp/kind.h"

#include <gtest/gtest.h>

#include "harness/kinds/icmp/icmp_case.h"

namespace netgrade::icmp {
namespace {

TEST(IcmpKind, IsTheSpecsIcmpProtocolWithRawSocketsItsChecksAndItsCase) {
  const kinds::Kind& k = Kind();
  EXPECT_EQ(k.name, "icmp");
  EXPECT_EQ(k.protocol, spec::Protocol::kIcmp);
  EXPECT_TRUE(k.raw_sockets);
  EXPECT_TRUE(static_cast<bool>(k.checks.traffic));
  std::unique_ptr<kinds::KindCase> c = k.start_case();
  ASSERT_NE(dynamic_cast<IcmpKindCase*>(c.get()), nullptr);
  EXPECT_EQ(c->ActivityMark(), 0u) << "nothing crossed a wire not made yet";
}

}  // namespace
}  // namespace netgrade::icmp
