// The transport kind's own diagnosis codes (kinds/transport/codes.h).
#include "harness/kinds/transport/codes.h"

#include <gtest/gtest.h>

#include "tests/kinds/kind_codes.h"

namespace netgrade::transport {
namespace {

// Each code codes.h declares is registered once, is the student's failure and reads back from
// its name.
TEST(TransportCodes, EveryCodeDeclaredIsRegisteredOnceAndReadsBack) {
  netgrade::testing::ExpectAKindsOwnCodes("harness/kinds/transport/codes.h", AllCodes());
}

}  // namespace
}  // namespace netgrade::transport
