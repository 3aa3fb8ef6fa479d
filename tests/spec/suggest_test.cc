#include "harness/spec/suggest.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace netgrade::spec {
namespace {

TEST(Suggest, FindsTheNearestKeyAndNothingForUnrelatedWords) {
  std::vector<std::string> keys = {"timeout", "points", "replies", "description"};
  EXPECT_EQ(Nearest("timout", keys), "timeout");
  EXPECT_EQ(Nearest("reply", keys), "replies");
  EXPECT_EQ(Nearest("descripton", keys), "description");
  EXPECT_EQ(Nearest("colour", keys), "");
}

TEST(Suggest, SuggestsTheRightlyCasedWordWhenOnlyTheCaseDiffers) {
  EXPECT_EQ(Nearest("TCP", {"tcp", "udp"}), "tcp");
  EXPECT_EQ(Nearest("Listens", {"names", "listens"}), "listens");
  EXPECT_EQ(Nearest("Upper", {"upper", "same", "none"}), "upper");
  EXPECT_EQ(Nearest("tcp", {"tcp", "udp"}), "");
}
TEST(Suggest, ASwapOfTwoLettersIsOneEdit) {
  // "tiemout" is two substitutions away, but one transposition: close enough for 7 letters.
  EXPECT_EQ(Nearest("tiemout", {"timeout", "points"}), "timeout");
  EXPECT_EQ(Nearest("ab", {"ba", "xy"}), "ba");
}

TEST(Suggest, AWordWithTheSameFirstFourLettersIsSuggestedWhenFarOtherwise) {
  EXPECT_EQ(Nearest("connectionsss", {"connections", "cases"}), "connections");
  EXPECT_EQ(Nearest("repl", {"replies"}), "replies");
  EXPECT_EQ(Nearest("rep", {"replies"}), "") << "fewer than four letters are no prefix match";
}

TEST(Suggest, NothingForNoCandidatesOrAnOverlongWord) {
  EXPECT_EQ(Nearest("timeout", {}), "");
  EXPECT_EQ(Nearest(std::string(65, 'a'), {std::string(65, 'a') + "b"}), "");
}

}  // namespace
}  // namespace netgrade::spec
