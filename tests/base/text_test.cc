#include "harness/base/text.h"

#include <gtest/gtest.h>

namespace netgrade {
namespace {

TEST(Upper, MapsAsPythonsStrUpperDoesBeyondAscii) {
  EXPECT_EQ(Upper("hello world"), "HELLO WORLD");
  EXPECT_EQ(Upper("straße"), "STRASSE");  // one letter becomes two, as in Python
  EXPECT_EQ(Upper("élan 123!"), "ÉLAN 123!");
}

TEST(Upper, InvalidUtf8IsUpperCasedInAsciiAndOtherwiseKept) {
  EXPECT_EQ(Upper(std::string("ab\xff"
                              "cd")),
            std::string("AB\xff"
                        "CD"));
}

// Names and keywords compared without case: ASCII letters only, whatever the bytes after them.
TEST(AsciiLower, LowersAsciiLettersAndLeavesEveryOtherByte) {
  EXPECT_EQ(AsciiLower("TCPServer.PY"), "tcpserver.py");
  EXPECT_EQ(AsciiLower("ÉCOLE Straße"), "École straße") << "UTF-8 letters are not ASCII";
  EXPECT_EQ(AsciiLower(std::string("A\xff"
                                   "B",
                                   3)),
            std::string("a\xff"
                        "b",
                        3));
}

TEST(Capitalize, UpperFirstLowerRest) {
  EXPECT_EQ(Capitalize("hELLO World"), "Hello world");
  EXPECT_EQ(Capitalize("émile"), "Émile");
  EXPECT_EQ(Capitalize(""), "");
}

TEST(FirstLetterUpper, ChangesOnlyTheFirstAsciiLetter) {
  EXPECT_EQ(FirstLetterUpper("hello world"), "Hello world");
  EXPECT_EQ(FirstLetterUpper("  42 apples"), "  42 Apples");
  EXPECT_EQ(FirstLetterUpper("123"), "123");
}

TEST(SplitLines, RemovesCarriageReturnsAndKeepsAPartialLastLineOnlyWhenAsked) {
  EXPECT_EQ(SplitLines("a\r\nb\nc"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(SplitLines("a\r\nb\nc", false), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(SplitLines("a\n\nb\n"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_TRUE(SplitLines("").empty());
}

TEST(TrimRight, RemovesTrailingBlanksOnly) {
  EXPECT_EQ(TrimRight("  x \t\r"), "  x");
  EXPECT_EQ(TrimRight(" \t"), "");
}

TEST(Quote, EscapesControlBytesAndCutsLongTextWithItsSize) {
  EXPECT_EQ(Quote("a\nb\tc\x01"), "'a\\nb\\tc\\x01'");
  EXPECT_EQ(Quote("abcdef", 3), "'abc...' (6 bytes)");
  EXPECT_EQ(Quote("abc", 3), "'abc'");
}

TEST(QuoteList, JoinsWithAndAndCountsWhatIsLeftOut) {
  EXPECT_EQ(QuoteList({"a"}), "'a'");
  EXPECT_EQ(QuoteList({"a", "b", "c"}), "'a', 'b' and 'c'");
  EXPECT_EQ(QuoteList({"a", "b", "c", "d", "e"}, 2), "'a', 'b' and 3 more");
}

TEST(FirstDifference, SaysNothingForShortOrEqualTexts) {
  EXPECT_EQ(FirstDifference("abc", "abd"), "");
  std::string long_text(100, 'x');
  EXPECT_EQ(FirstDifference(long_text, long_text), "");
}

TEST(FirstDifference, NamesTheCharacterWhereLongTextsDifferWithContext) {
  std::string expected = std::string(70, 'a') + "XYZ";
  std::string got = std::string(70, 'a') + "xyz";
  std::string d = FirstDifference(expected, got);
  EXPECT_NE(d.find("first differ at character 71"), std::string::npos) << d;
  EXPECT_NE(d.find("XYZ"), std::string::npos) << d;
  EXPECT_NE(d.find("xyz"), std::string::npos) << d;
}

TEST(FirstDifference, CountsCharactersNotBytesAndSaysWhenTheAnswerStopsShort) {
  std::string expected = std::string(30, 'a') + "é" + std::string(40, 'b');
  std::string got = std::string(30, 'a') + "é";
  std::string d = FirstDifference(expected, got);
  EXPECT_NE(d.find("The first 31 characters are right, then it ends"), std::string::npos) << d;
  EXPECT_NE(d.find("40 more bytes"), std::string::npos) << d;
}

TEST(Tail, KeepsTheLastLinesIndentedWithoutTrailingBlankLines) {
  EXPECT_EQ(Tail("1\n2\n3\n\n  \n", 2), "    2\n    3\n");
  EXPECT_EQ(Tail(""), "");
  std::string wide(300, 'w');
  EXPECT_EQ(Tail(wide), "    " + std::string(200, 'w') + "...\n");
}

TEST(EscapeText, MakesEveryControlCharacterVisible) {
  // What a hostile program prints to draw a fake PASS: clear screen, colour, cursor moves.
  std::string attack =
      "\x1b[2J\x1b[32mPASS\x07\r\x7f\xc2\x9b"
      "31m";
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
  EXPECT_EQ(EscapeText("a\xff"
                       "b\xc3",
                       100),
            "a\\xffb\\xc3");
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

TEST(Visible, ShowsControlBytesAndKeepsLinesAndUnicode) {
  EXPECT_EQ(Visible("\x1b[2J\x1b[32mPASS"), "\\x1b[2J\\x1b[32mPASS");
  EXPECT_EQ(Visible("a\tb\nc\rd"), "a\tb\nc\\rd");
  EXPECT_EQ(Visible(std::string("nul\0del\x7f", 8)), "nul\\x00del\\x7f");
  EXPECT_EQ(Visible("Straße — é"), "Straße — é");
  EXPECT_EQ(Visible("\xc2\x9b"
                    "2J"),
            "\\u009b2J")
      << "C1 CSI";
  EXPECT_EQ(Visible("\xe2\x80\xae"
                    "SSAP"),
            "\\u202eSSAP")
      << "right-to-left override";
  EXPECT_EQ(Visible("\xff\xfe"
                    "a\xc3"),
            "\\xff\\xfea\\xc3")
      << "invalid UTF-8";
  EXPECT_EQ(Visible("\xed\xa0\x80"), "\\xed\\xa0\\x80") << "a surrogate";
  EXPECT_EQ(Visible("\xc0\xaf"), "\\xc0\\xaf") << "an overlong '/'";
}

}  // namespace
TEST(Ordinal, WordsToTenThenNumbersWithTheirEnglishEnding) {
  EXPECT_EQ(Ordinal(1), "first");
  EXPECT_EQ(Ordinal(2), "second");
  EXPECT_EQ(Ordinal(3), "third");
  EXPECT_EQ(Ordinal(10), "tenth");
  EXPECT_EQ(Ordinal(11), "11th");
  EXPECT_EQ(Ordinal(12), "12th");
  EXPECT_EQ(Ordinal(13), "13th");
  EXPECT_EQ(Ordinal(21), "21st");
  EXPECT_EQ(Ordinal(22), "22nd");
  EXPECT_EQ(Ordinal(23), "23rd");
  EXPECT_EQ(Ordinal(111), "111th");
  EXPECT_EQ(Ordinal(101), "101st");
}

}  // namespace netgrade
