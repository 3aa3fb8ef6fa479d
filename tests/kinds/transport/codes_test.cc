// The transport kind's own diagnosis codes (kinds/transport/codes.h).
#include "harness/kinds/transport/codes.h"

#include <gtest/gtest.h>

#include "harness/kinds/transport/spec_keys.h"
#include "tests/kinds/kind_codes.h"

namespace netgrade::transport {
namespace {

// Each code codes.h declares is registered once, is the student's failure and reads back from
// its name.
TEST(TransportCodes, EveryCodeDeclaredIsRegisteredOnceAndReadsBack) {
  netgrade::testing::ExpectAKindsOwnCodes("harness/kinds/transport/codes.h", AllCodes());
}

// The codes a case's `hints:` may name (read by spec/, which cannot see codes.h) are the kind's
// own, every one, and bad_checksum, which it shares: a code added to codes.h and not there
// would refuse its hint as an unknown key.
TEST(TransportCodes, AHintMayBeGivenForEachOfTheKindsCodes) {
  std::set<std::string> hintable(spec::TransportHintCodes().begin(),
                                 spec::TransportHintCodes().end());
  std::set<std::string> codes = netgrade::testing::NamesOf(AllCodes());
  codes.insert(std::string(check::CodeName(check::Code::kBadChecksum)));
  EXPECT_EQ(hintable, codes);
  EXPECT_EQ(hintable.size(), spec::TransportHintCodes().size()) << "a code listed twice";
}

}  // namespace
}  // namespace netgrade::transport
