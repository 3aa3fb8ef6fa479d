// The golden files of the words of the diagnoses the command-line tests pin
// (tests/support/words_golden.h): no block of a test that is gone.
#include "tests/support/words_golden.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace netgrade::testing_support {
namespace {

// A block whose test was renamed or removed would pin words nothing says: each block of
// tests/cli/golden is a test of this program, in the test file the golden file is named for.
// The folder holds the reports' golden files too (tests/cli/golden_test.cc: hidden.json,
// pass.txt, ... and diagnoses/), which have no blocks and are not words files.
TEST(CliWordsGolden, HoldsOnlyBlocksOfTestsThatExist) {
  namespace fs = std::filesystem;
  ASSERT_TRUE(fs::is_directory(fs::path(NETGRADE_SOURCE_DIR) / "tests/cli/golden"))
      << "tests/cli/golden: the command-line tests' golden files";
  for (const std::string& stale : words_golden::StaleBlocks("tests/cli"))
    if (stale.find(": not a golden file of words") == std::string::npos) ADD_FAILURE() << stale;
}

}  // namespace
}  // namespace netgrade::testing_support
