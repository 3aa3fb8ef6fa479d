// What each kind's codes_test asks of its own diagnosis codes (kinds/<kind>/codes.h).
#pragma once

#include <gtest/gtest.h>

#include <set>
#include <span>
#include <string>

#include "harness/check/diagnosis.h"
#include "harness/kinds/kind.h"
#include "tests/support/declared_codes.h"

namespace netgrade::testing {

// Each code `header` declares is in `codes` (the kind's AllCodes()), once, is the student's
// failure, and reads back from its name as itself (a result file names it).
inline void ExpectAKindsOwnCodes(const std::string& header, std::span<const check::Code> codes) {
  const std::set<std::string> declared = DeclaredCodeNames(header);
  ASSERT_GT(declared.size(), 10u) << header;
  EXPECT_EQ(NamesOf(codes), declared) << header;
  for (check::Code c : codes) {
    EXPECT_EQ(c.verdict(), check::Verdict::kFail) << c;
    ASSERT_TRUE(kinds::CodeFromName(c.name()).has_value()) << c;
    EXPECT_EQ(*kinds::CodeFromName(c.name()), c);
  }
}

}  // namespace netgrade::testing
