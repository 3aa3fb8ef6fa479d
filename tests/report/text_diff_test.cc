#include "harness/report/text_diff.h"

#include <gtest/gtest.h>

#include "harness/base/bytes.h"

namespace netgrade::report {
namespace {

check::Difference Diff(std::optional<std::string> expected, std::optional<std::string> received,
                       std::optional<std::string> sent = std::nullopt) {
  return {std::move(sent), std::move(expected), std::move(received)};
}

// The display column (0-based) of the caret on the last line, and of `needle` on `line`.
size_t CaretColumn(const std::vector<std::string>& lines) {
  return DisplayWidth(lines.back().substr(0, lines.back().find('^')));
}
size_t Column(const std::string& line, const std::string& needle) {
  return DisplayWidth(line.substr(0, line.find(needle)));
}

TEST(TextDiff, CaretUnderTheFirstDifferentAsciiCharacter) {
  std::vector<std::string> lines = DifferenceLines(Diff("HELLO WORLD", "HELLO WORLd", "hello"));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "sent:     'hello'");
  EXPECT_EQ(lines[1], "expected: 'HELLO WORLD'");
  EXPECT_EQ(lines[2], "received: 'HELLO WORLd'");
  EXPECT_EQ(CaretColumn(lines), Column(lines[2], "d'"));
  EXPECT_NE(lines[3].find("first difference"), std::string::npos);
}

TEST(TextDiff, CaretCountsTheColumnsOfAnEscapedControlByte) {
  // The bell shows as \x07 (four columns) on both lines; the difference is after it.
  std::vector<std::string> lines = DifferenceLines(Diff("a\ab", "a\ac"));
  EXPECT_EQ(lines[0], "expected: 'a\\x07b'");
  EXPECT_EQ(lines[1], "received: 'a\\x07c'");
  EXPECT_EQ(CaretColumn(lines), Column(lines[1], "c'"));
}

TEST(TextDiff, CaretUnderAControlByteThatIsTheDifference) {
  std::vector<std::string> lines = DifferenceLines(Diff("ab", "a\x1b[31mb"));
  EXPECT_EQ(lines[1], "received: 'a\\x1b[31mb'") << "no escape sequence reaches the terminal";
  EXPECT_EQ(CaretColumn(lines), Column(lines[1], "\\x1b"));
}

TEST(TextDiff, CaretAfterAUtf8CharacterCountsItAsOneColumn) {
  // "é" is two bytes but one column; the difference is the character after it.
  std::vector<std::string> lines = DifferenceLines(Diff("CAFÉ X", "CAFÉ Y"));
  EXPECT_EQ(CaretColumn(lines), Column(lines[1], "Y'"));
  EXPECT_EQ(CaretColumn(lines), 10u + 1u + 5u);
}

TEST(TextDiff, CaretUnderAUtf8CharacterThatDiffersInItsSecondByte) {
  // é (C3 A9) against É (C3 89): the bytes first differ inside the character, the caret goes
  // under the character's start.
  std::vector<std::string> lines = DifferenceLines(Diff("caf\xc3\x89", "caf\xc3\xa9"));
  EXPECT_EQ(CaretColumn(lines), Column(lines[1], "é"));
}

TEST(TextDiff, WideCharactersTakeTwoColumns) {
  EXPECT_EQ(DisplayWidth("日本"), 4u);
  EXPECT_EQ(DisplayWidth("e\xcc\x81"), 1u) << "e and a combining acute accent";
  std::vector<std::string> lines = DifferenceLines(Diff("日本a", "日本b"));
  EXPECT_EQ(CaretColumn(lines), 10u + 1u + 4u);
}

TEST(TextDiff, MissingAndExtraMessagesHaveNoCaret) {
  std::vector<std::string> missing = DifferenceLines(Diff("HELLO", std::nullopt));
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[1], "received: (nothing)");
  std::vector<std::string> extra = DifferenceLines(Diff(std::nullopt, "MORE"));
  ASSERT_EQ(extra.size(), 2u);
  EXPECT_EQ(extra[0], "expected: (nothing more)");
}

TEST(TextDiff, ALongValueIsCutAroundTheDifferenceWithACount) {
  std::string expected(5000, 'A'), received(5000, 'A');
  received[3000] = 'B';
  std::vector<std::string> lines = DifferenceLines(Diff(expected, received), Style(), 60);
  ASSERT_EQ(lines.size(), 3u);
  // The window starts 20 columns before the difference and shows 60.
  EXPECT_EQ(lines[1], "received: ...'" + std::string(20, 'A') + "B" + std::string(39, 'A') +
                          "' ... 1960 more bytes");
  EXPECT_EQ(CaretColumn(lines), Column(lines[1], "B"));
}

TEST(TextDiff, AValueThatFitsIsShownWholeWhereverTheDifference) {
  std::string expected = "HELLO, WORLD! 123 ABC-XYZ? {|}~",
              received = "HELLO, WORLD! 123 ABC-XYZ? [\\]^";
  std::vector<std::string> lines = DifferenceLines(Diff(expected, received), Style(), 60);
  EXPECT_EQ(lines[0], "expected: '" + expected + "'");
  EXPECT_EQ(CaretColumn(lines), Column(lines[1], "[\\]^"));
}

TEST(TextDiff, ColourDoesNotMoveTheCaret) {
  std::vector<std::string> plain = DifferenceLines(Diff("abc", "abd"));
  std::vector<std::string> coloured = DifferenceLines(Diff("abc", "abd"), Style(true));
  EXPECT_NE(coloured[1], plain[1]);
  EXPECT_NE(coloured[1].find("\x1b[31m"), std::string::npos);
  EXPECT_EQ(coloured[2].find("\x1b[1;31m^"), plain[2].find('^'));
}

// A pattern mismatch: "expected" is the pattern's description, which shares no characters
// with the line; the caret goes under the character the pattern rejects, not column 0.
TEST(TextDiff, APatternMismatchPutsTheCaretWhereThePatternRejectsTheLine) {
  check::Difference d =
      Diff("a line matching /^HTTP\\/1\\.[01] 200 OK$/", "HTTP/1.1 404 Not Found");
  d.rejected_at = 9;
  std::vector<std::string> lines = DifferenceLines(d);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], "received: 'HTTP/1.1 404 Not Found'");
  EXPECT_EQ(CaretColumn(lines), Column(lines[1], "404"));
  EXPECT_NE(lines[2].find("the pattern does not allow this character here"), std::string::npos);
}

TEST(TextDiff, APatternMismatchAtTheLinesEndPutsTheCaretAfterIt) {
  check::Difference d = Diff("a line matching /^ACK:\\d+$/", "ACK:");
  d.rejected_at = 4;
  std::vector<std::string> lines = DifferenceLines(d);
  EXPECT_EQ(CaretColumn(lines), Column(lines[1], "'") + 1 + 4);  // after "ACK:"
  EXPECT_NE(lines.back().find("the line ended before the pattern was satisfied"),
            std::string::npos);
}

TEST(TextDiff, APatternMismatchInALongLineIsCutAroundTheRejectedCharacter) {
  std::string line = std::string(200, 'a') + "!" + std::string(100, 'a');
  check::Difference d = Diff("a line matching /^a+$/", line);
  d.rejected_at = 200;
  std::vector<std::string> lines = DifferenceLines(d);
  EXPECT_EQ(CaretColumn(lines), Column(lines[1], "!"));
}

}  // namespace
}  // namespace netgrade::report

namespace netgrade::report {
namespace {

// An expectation in words (a pattern, where no one text is expected) is shown as words: not
// quoted as data, not cut with "... N more bytes", and with no caret, since no byte of it is
// what the program should have sent.
TEST(TextDiff, AnExpectationInWordsIsShownAsWordsWithoutACaret) {
  check::Difference d = Diff("a line matching /^line 01999 (which ends the file)$/", "line 01998");
  d.expected_described = true;
  std::vector<std::string> lines = DifferenceLines(d);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "expected: a line matching /^line 01999 (which ends the file)$/");
  EXPECT_EQ(lines[1], "received: 'line 01998'");
  d.expected = "a line matching /" + std::string(200, 'x') + "/";
  lines = DifferenceLines(d);
  EXPECT_EQ(lines[0].find("more bytes"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[0].find('\''), std::string::npos) << lines[0];
}

check::Difference Bytes(std::optional<std::string> expected, std::optional<std::string> received) {
  check::Difference d{std::nullopt, std::move(expected), std::move(received)};
  d.binary = true;
  return d;
}

// Two values that read wrongly when quoted ('\x00\x00\x00'BIN' and '\x001BIN') are a hex dump
// each, with the offset of the first byte that differs and a caret under its hex.
TEST(TextDiff, BytesAreAHexDumpWithTheFirstDifferingOffset) {
  std::vector<std::string> lines =
      DifferenceLines(Bytes(std::string("\0\0\0'BIN", 7), std::string("\0"
                                                                      "1BIN",
                                                                      5)));
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "expected: 7 bytes");
  EXPECT_EQ(lines[1], "  00000000  00 00 00 27 42 49 4e                              |...'BIN|");
  EXPECT_EQ(lines[2], "received: 5 bytes, the first difference at byte 1 (0x1)");
  EXPECT_EQ(lines[3], "  00000000  00 31 42 49 4e                                    |.1BIN|");
  EXPECT_EQ(lines[4].find("^^ first difference: byte 1 (0x1)"), lines[3].find("31"));
  for (const std::string& line : lines) EXPECT_EQ(line.find('\''), line.find("'BIN")) << line;
}

TEST(TextDiff, BytesShowThreeRowsAroundTheDifferenceAndCountTheRest) {
  std::string expected(300, 'x'), received = expected;
  received[150] = '\0';
  std::vector<std::string> lines = DifferenceLines(Bytes(expected, received));
  EXPECT_EQ(lines[1], "  ... 128 bytes before");
  EXPECT_EQ(lines[5], "  ... 124 bytes after");
  EXPECT_EQ(lines[6], "received: 300 bytes, the first difference at byte 150 (0x96)");
  EXPECT_EQ(lines[9].substr(0, 12), "  00000090  ");
  EXPECT_EQ(lines[10].find("^^"), lines[9].find("00 "));
  EXPECT_EQ(lines[10].find("^^"), 2 + HexDumpColumn(150));
}

TEST(TextDiff, BytesTooFewOrNoneOrAnExpectedInWordsAreSaidSo) {
  std::vector<std::string> few = DifferenceLines(Bytes("abcd", "ab"));
  EXPECT_EQ(few[2], "received: 2 bytes, 2 bytes too few: the first 2 bytes are as expected");
  std::vector<std::string> none = DifferenceLines(Bytes("abcd", std::nullopt));
  EXPECT_EQ(none.back(), "received: (nothing)");
  check::Difference words = Bytes("4 bytes of any value", "ab");
  words.expected_described = true;
  std::vector<std::string> described = DifferenceLines(words);
  EXPECT_EQ(described[0], "expected: 4 bytes of any value");
  EXPECT_EQ(described[1], "received: 2 bytes");
}

TEST(TextDiff, SentBytesAreDumpedAndSentTextQuoted) {
  check::Difference d = Bytes("ab", "ac");
  d.sent = std::string("\0\x02", 2);
  d.sent_binary = true;
  std::vector<std::string> lines = DifferenceLines(d);
  EXPECT_EQ(lines[0], "sent:     2 bytes");
  EXPECT_EQ(lines[1].substr(0, 18), "  00000000  00 02 ");
  d.sent = "hello";
  d.sent_binary = false;
  EXPECT_EQ(DifferenceLines(d)[0], "sent:     'hello'");
}

}  // namespace
}  // namespace netgrade::report
