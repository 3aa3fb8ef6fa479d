// The golden files of the words of the spec loader's errors (tests/support/words_golden.h): no
// block of a test that is gone.
#include "tests/support/words_golden.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace netgrade::testing_support {
namespace {

// A block whose test was renamed or removed would pin words nothing says: each block of
// tests/spec/golden is a test of this program, in the test file the golden file is named for.
TEST(SpecWordsGolden, HoldsOnlyBlocksOfTestsThatExist) {
  namespace fs = std::filesystem;
  ASSERT_TRUE(fs::is_directory(fs::path(NETGRADE_SOURCE_DIR) / "tests/spec/golden"))
      << "tests/spec/golden: the spec tests' golden files";
  for (const std::string& stale : words_golden::StaleBlocks("tests/spec")) ADD_FAILURE() << stale;
}

}  // namespace
}  // namespace netgrade::testing_support
