// The golden files of the words of base's messages, its decoders' errors
// (tests/support/words_golden.h): no block of a test that is gone.
#include "tests/support/words_golden.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace netgrade::testing_support {
namespace {

// A block whose test was renamed or removed would pin words nothing says: each block of
// tests/base/golden is a test of this program, in the test file the golden file is named for.
TEST(BaseWordsGolden, HoldsOnlyBlocksOfTestsThatExist) {
  namespace fs = std::filesystem;
  ASSERT_TRUE(fs::is_directory(fs::path(NETGRADE_SOURCE_DIR) / "tests/base/golden"))
      << "tests/base/golden: the base tests' golden files";
  for (const std::string& stale : words_golden::StaleBlocks("tests/base")) ADD_FAILURE() << stale;
}

}  // namespace
}  // namespace netgrade::testing_support
