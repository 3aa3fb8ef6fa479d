#include "harness/base/bytes.h"

#include <gtest/gtest.h>

#include "tests/support/words_golden.h"

namespace netgrade {
namespace {

using testing_support::ExpectWordsOf;

TEST(DecodeHex, TakesPairsWithBlanksBetweenThemInEitherCase) {
  DecodeError e;
  EXPECT_EQ(DecodeHex("00 00 00 05 68 65 6c 6C 6f", &e), std::string("\0\0\0\x05hello", 9));
  EXPECT_EQ(DecodeHex("ff0a", &e), "\xff\n");
  EXPECT_EQ(DecodeHex("", &e), "");
}

TEST(DecodeHex, RefusesAnOddNumberOfDigitsAndSaysHowMany) {
  DecodeError e;
  EXPECT_FALSE(DecodeHex("00 0", &e));
  ExpectWordsOf("00 0", e.message);
}

TEST(DecodeHex, RefusesANonDigitAndABlankInsideAPairAtTheirCharacter) {
  DecodeError e;
  EXPECT_FALSE(DecodeHex("0g", &e));
  ExpectWordsOf("0g", e.message);
  EXPECT_FALSE(DecodeHex("0 a", &e));
  ExpectWordsOf("0 a", e.message);
}

TEST(DecodeBase64, DecodesPaddedTextAndIgnoresBlanks) {
  DecodeError e;
  EXPECT_EQ(DecodeBase64("AAAAA2Fi Yw==", &e), std::string("\0\0\0\x03"
                                                           "abc",
                                                           7));
  EXPECT_EQ(DecodeBase64("/w==", &e), "\xff");
  EXPECT_EQ(DecodeBase64("aGVsbG8h", &e), "hello!");
}

TEST(DecodeBase64, RefusesAForeignCharacterAMissingPadAndDataAfterThePad) {
  DecodeError e;
  EXPECT_FALSE(DecodeBase64("aGV*", &e));
  ExpectWordsOf("aGV*", e.message);
  EXPECT_FALSE(DecodeBase64("aGVsbG8", &e));
  ExpectWordsOf("aGVsbG8", e.message);
  EXPECT_FALSE(DecodeBase64("aG==bG8h", &e));
  ExpectWordsOf("aG==bG8h", e.message);
}

TEST(HexBytes, ShowsEachByteAndCutsLongValues) {
  EXPECT_EQ(HexBytes(std::string("\0\x0a\xff", 3)), "00 0a ff");
  EXPECT_EQ(HexBytes("abcdef", 2), "61 62 ... (6 bytes in all)");
}

TEST(HexDumpLines, ShowsOffsetHexAndPrintableAsciiInRowsOfSixteen) {
  std::string bytes;
  for (int i = 0; i < 20; ++i) bytes += static_cast<char>(0x40 + i);
  bytes[1] = '\0';
  std::vector<std::string> rows = HexDumpLines(bytes);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0],
            "00000000  40 00 42 43 44 45 46 47  48 49 4a 4b 4c 4d 4e 4f  |@.BCDEFGHIJKLMNO|");
  EXPECT_EQ(rows[1], "00000010  50 51 52 53                                       |PQRS|");
  // From a byte in the second row: that row only, its offset a multiple of 16.
  EXPECT_EQ(HexDumpLines(bytes, 17, 18), std::vector<std::string>{rows[1]});
}

TEST(HexDumpColumn, PointsAtTheHexOfTheByteInItsRow) {
  std::string bytes(32, 'x');
  bytes[0x13] = '\x99';
  std::string row = HexDumpLines(bytes, 16, 32)[0];
  EXPECT_EQ(row.substr(HexDumpColumn(0x13), 2), "99");
  bytes[0x1a] = '\x77';
  row = HexDumpLines(bytes, 16, 32)[0];
  EXPECT_EQ(row.substr(HexDumpColumn(0x1a), 2), "77");  // past the gap after 8 bytes
}

TEST(FirstDifferingByte, IsTheFirstOffsetThatDiffersOrTheShorterLength) {
  EXPECT_EQ(FirstDifferingByte("abc", "abc"), std::nullopt);
  EXPECT_EQ(FirstDifferingByte("abc", "abd"), 2u);
  EXPECT_EQ(FirstDifferingByte("abc", "ab"), 2u);
  EXPECT_EQ(FirstDifferingByte(std::string("\0\0\0", 3), std::string("\0\0\x01", 3)), 2u);
}

TEST(ReadUnsigned, ReadsBigAndLittleEndian) {
  std::string prefix("\x00\x00\x01\x02", 4);
  EXPECT_EQ(ReadUnsigned(prefix, false), 0x0102u);
  EXPECT_EQ(ReadUnsigned(prefix, true), 0x02010000u);
  EXPECT_EQ(ReadUnsigned("\xff", false), 255u);
}

}  // namespace
}  // namespace netgrade
