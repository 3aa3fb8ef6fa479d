// The icmp kind's own diagnosis codes (kinds/icmp/codes.h).
#include "harness/kinds/icmp/codes.h"

#include <gtest/gtest.h>

#include "harness/kinds/kind.h"
#include "tests/support/declared_codes.h"

namespace netgrade::icmp {
namespace {

// Each code codes.h declares is in AllCodes(), once, and is the student's failure.
TEST(IcmpCodes, EveryCodeDeclaredIsRegisteredOnceAndIsAFailure) {
  const std::set<std::string> declared =
      netgrade::testing::DeclaredCodeNames("harness/kinds/icmp/codes.h");
  ASSERT_GT(declared.size(), 10u);
  EXPECT_EQ(netgrade::testing::NamesOf(AllCodes()), declared);
  for (check::Code c : AllCodes()) EXPECT_EQ(c.verdict(), check::Verdict::kFail) << c;
}

// A result file names the kind's codes; they read back as the kind's own.
TEST(IcmpCodes, TheKindRegistersItsCodes) {
  for (check::Code c : AllCodes()) {
    ASSERT_TRUE(kinds::CodeFromName(c.name()).has_value()) << c;
    EXPECT_EQ(*kinds::CodeFromName(c.name()), c);
  }
}

}  // namespace
}  // namespace netgrade::icmp
