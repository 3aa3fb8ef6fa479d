// The names a spec gives that end up in file names and paths.
#include "harness/spec/names.h"

#include <gtest/gtest.h>

namespace netgrade::spec {
namespace {

TEST(Names, LettersDigitsDashesAndUnderscoresMakeAName) {
  EXPECT_TRUE(IsName("tcp-capitalize"));
  EXPECT_TRUE(IsName("Server_2"));
  EXPECT_TRUE(IsName(std::string(80, 'a')));
}

TEST(Names, NothingThatCouldLeaveAFolderOrBreakAPathIsOne) {
  EXPECT_FALSE(IsName(""));
  EXPECT_FALSE(IsName(std::string(81, 'a')));
  for (const char* bad : {"../x", "a/b", "a.b", "a b", ".", "é", "a\\b", "a:b"})
    EXPECT_FALSE(IsName(bad)) << bad;
}

}  // namespace
}  // namespace netgrade::spec
