#include "harness/base/text.h"

#include <gtest/gtest.h>

namespace netgrade {
namespace {

TEST(EscapeText, MakesEveryControlCharacterVisible) {
  // What a hostile program prints to draw a fake PASS: clear screen, colour, cursor moves.
  std::string attack = "\x1b[2J\x1b[32mPASS\x07\r\x7f\xc2\x9b" "31m";
  std::string shown = EscapeText(attack, 100);
  for (char c : shown) {
    unsigned char u = static_cast<unsigned char>(c);
    EXPECT_FALSE(u < 32 || u == 127) << "raw control byte " << int(u) << " in " << shown;
  }
  EXPECT_EQ(shown.find("\xc2\x9b"), std::string::npos) << "C1 CSI must not pass raw";
  EXPECT_NE(shown.find("\\x1b[2J"), std::string::npos) << shown;
  EXPECT_NE(shown.find("\\u009b"), std::string::npos) << shown;
}

TEST(EscapeText, KeepsValidUtf8AndEscapesInvalidBytes) {
  EXPECT_EQ(EscapeText("caf\xc3\xa9 \xe2\x82\xac", 100), "caf\xc3\xa9 \xe2\x82\xac");
  EXPECT_EQ(EscapeText("a\xff" "b\xc3", 100), "a\\xffb\\xc3");
}

TEST(EscapeText, CutsAfterCharactersNeverInsideOne) {
  bool cut = false;
  EXPECT_EQ(EscapeText("\xc3\xa9\xc3\xa9\xc3\xa9", 2, &cut), "\xc3\xa9\xc3\xa9");
  EXPECT_TRUE(cut);
  EscapeText("ab", 2, &cut);
  EXPECT_FALSE(cut);
}

TEST(Utf8, CharacterLengthsAndCuts) {
  EXPECT_EQ(Utf8CharLength("a"), 1u);
  EXPECT_EQ(Utf8CharLength("\xc3\xa9"), 2u);
  EXPECT_EQ(Utf8CharLength("\xf0\x9f\x98\x80"), 4u);
  EXPECT_EQ(Utf8CharLength("\xc3"), 0u);
  EXPECT_EQ(Utf8CharLength("\xed\xa0\x80"), 0u) << "a UTF-16 surrogate is not UTF-8";
  std::string s = "ab\xe2\x82\xac";
  EXPECT_EQ(CutAtCharacter(s.data(), s.size(), 3), 2u);
  EXPECT_EQ(CutAtCharacter(s.data(), s.size(), 5), 5u);
}

TEST(Quote, NamesTheSizeWhenCut) {
  EXPECT_EQ(Quote("hello", 3), "'hel...' (5 bytes)");
  EXPECT_EQ(Quote("a\nb"), "'a\\nb'");
}

}  // namespace
}  // namespace netgrade
