// The golden files of the words of the kinds' diagnoses (tests/support/words_golden.h): a file
// read back as it was written, a finding's parts one label a line, and no block of a test that
// is gone.
#include "tests/support/words_golden.h"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/kinds/transport/codes.h"
#include "tests/support/temp_dir.h"

namespace netgrade::testing_support {
namespace {

using words_golden::Blocks;

TEST(WordsGolden, AFileReadsBackAsItWasWritten) {
  Blocks blocks;
  blocks["Copies.AnUnfairShare"] = "code: unfair_share\ncause: x\nevidence:\n    a\n\n    b\n";
  blocks["Copies.AnUnfairShare / asked less"] = "code: unfair_share\ncause: y\n";
  blocks["Form.ATooBigPayload"] = "words: z\n";
  const std::string text = words_golden::Write("tests/kinds/transport/x_test.cc", blocks);
  EXPECT_EQ(words_golden::Parse(text), blocks);
  EXPECT_EQ(words_golden::Write("tests/kinds/transport/x_test.cc", words_golden::Parse(text)), text)
      << "rewriting changes nothing";
}

TEST(WordsGolden, AFindingsPartsGoOneLabelALineAndSpanningOnesIndented) {
  check::Finding f;
  f.code = transport::Codes::kTcpShare;
  f.cause = "sender.py got 8% of the link.";
  f.evidence = "\nThe case ended:\n  netgrade's receiver had 1000 bytes.\n";
  f.fix = "It gives way to TCP.";
  f.notes = {"A note.", "Another."};
  EXPECT_EQ(words_golden::Words(f),
            "code: share_beside_tcp\n"
            "cause: sender.py got 8% of the link.\n"
            "evidence:\n"
            "    The case ended:\n"
            "      netgrade's receiver had 1000 bytes.\n"
            "fix: It gives way to TCP.\n"
            "note: A note.\n"
            "note: Another.\n");
}

TEST(WordsGolden, ATestsGoldenFileIsBesideItsSourceInGolden) {
  EXPECT_EQ(words_golden::GoldenOf("tests/kinds/transport/fairness_test.cc"),
            "tests/kinds/transport/golden/fairness_test.txt");
  EXPECT_EQ(words_golden::SourceOf(NETGRADE_SOURCE_DIR "/tests/kinds/x_test.cc"),
            "tests/kinds/x_test.cc");
  EXPECT_EQ(words_golden::SourceOf("../tests/kinds/x_test.cc"), "tests/kinds/x_test.cc")
      << "as ccache's CCACHE_BASEDIR names it, relative to the build folder";
}

TEST(WordsGolden, ABlockOfATestThisProgramDoesNotHaveIsStale) {
  UniqueTempDir dir("netgrade-words-golden");
  std::filesystem::create_directories(dir.path() / "golden");
  std::ofstream(dir.path() / "golden/words_golden_test.txt")
      << "# header\n\n=== WordsGolden.NoSuchTest\ncode: tcp_share\n";
  std::vector<std::string> stale = words_golden::StaleBlocks(dir.path());
  ASSERT_EQ(stale.size(), 1u);
  EXPECT_NE(stale[0].find("block '=== WordsGolden.NoSuchTest': no test WordsGolden.NoSuchTest"),
            std::string::npos)
      << stale[0];
}

// A block whose test was renamed or removed would pin words nothing says: each block of the
// kinds' golden files is a test of this program, in the test file the golden file is named for.
TEST(WordsGolden, HoldsOnlyBlocksOfTestsThatExist) {
  namespace fs = std::filesystem;
  const fs::path kinds = fs::path(NETGRADE_SOURCE_DIR) / "tests/kinds";
  int folders = 0;
  for (const auto& entry : fs::directory_iterator(kinds)) {
    if (!fs::is_directory(entry.path() / "golden")) continue;
    ++folders;
    for (const std::string& stale :
         words_golden::StaleBlocks(entry.path().lexically_relative(NETGRADE_SOURCE_DIR)))
      ADD_FAILURE() << stale;
  }
  EXPECT_GE(folders, 1) << "tests/kinds/transport/golden at least";
}

}  // namespace
}  // namespace netgrade::testing_support
