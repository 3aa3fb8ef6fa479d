// The golden files of the words of the check stage's diagnoses (tests/support/words_golden.h):
// no block of a test that is gone.
#include "tests/support/words_golden.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace netgrade::testing_support {
namespace {

// A block whose test was renamed or removed would pin words nothing says: each block of
// tests/check/golden is a test of this program, in the test file the golden file is named for.
TEST(CheckWordsGolden, HoldsOnlyBlocksOfTestsThatExist) {
  namespace fs = std::filesystem;
  ASSERT_TRUE(fs::is_directory(fs::path(NETGRADE_SOURCE_DIR) / "tests/check/golden"))
      << "tests/check/golden: the check tests' golden files";
  for (const std::string& stale : words_golden::StaleBlocks("tests/check")) ADD_FAILURE() << stale;
}

}  // namespace
}  // namespace netgrade::testing_support
