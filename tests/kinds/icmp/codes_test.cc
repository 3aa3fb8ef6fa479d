// The icmp kind's own diagnosis codes (kinds/icmp/codes.h).
#include "harness/kinds/icmp/codes.h"

#include <gtest/gtest.h>

#include "tests/kinds/kind_codes.h"

namespace netgrade::icmp {
namespace {

// Each code codes.h declares is registered once, is the student's failure and reads back from
// its name.
TEST(IcmpCodes, EveryCodeDeclaredIsRegisteredOnceAndReadsBack) {
  netgrade::testing::ExpectAKindsOwnCodes("harness/kinds/icmp/codes.h", AllCodes());
}

}  // namespace
}  // namespace netgrade::icmp
