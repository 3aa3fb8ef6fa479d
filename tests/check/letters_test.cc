#include "harness/check/letters.h"

#include <gtest/gtest.h>

#include "harness/check/messages.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using testing_support::ExpectWords;

TEST(Letters, RecognisesBytesUpperOnLettersOutsideAscii) {
  EXPECT_EQ(BytewiseUpper("café straße"), "CAFé STRAßE");
  EXPECT_TRUE(UpperCasedBytewise("café straße", "CAFé STRAßE"));
  // Where bytewise and Unicode upper case agree, nothing is wrong to recognise.
  EXPECT_FALSE(UpperCasedBytewise("hello", "HELLO"));
  EXPECT_FALSE(UpperCasedBytewise("café", "CAFÉ"));
}

TEST(Letters, CompareMessagesNamesBytesUpperAndTheFix) {
  MessageCheck mc{"Your server answered", {"café straße"}, {"CAFÉ STRASSE"}, {"CAFé STRAßE"}};
  mc.upper_expected = true;
  Finding f = CompareMessages(mc);
  EXPECT_EQ(f.code, Code::kAsciiOnlyUpper);
  // What did it (bytes.upper(), toupper()) and what does it right (str.upper(), ICU in C).
  ExpectWords(f);
}

TEST(Letters, OnlyACaseWorthNoPointsSaysItIsNotGraded) {
  spec::Case c;
  c.points = 0;
  EXPECT_NE(NotGradedNote(c).find("not graded (0 points)"), std::string::npos);
  c.points = 1;
  EXPECT_EQ(NotGradedNote(c), "");
}

}  // namespace
}  // namespace netgrade::check

namespace netgrade::check {
namespace {

// A real C server's `c >= 97 || c <= 122`: 32 off every byte.
TEST(SubtractedFromEveryByte, NamesTheByteThatShowsItAndTheNulThatEndedTheAnswer) {
  std::string said = SubtractedFromEveryByte("fIelD WoRld", "F)EL$");
  EXPECT_EQ(said.rfind("Every byte of the line lost 32, not only its lower-case letters ('I' "
                       "became ')', and a space became a NUL byte (\\0), where the answer ended)",
                       0),
            0u)
      << said;
  EXPECT_NE(said.find("with && and not ||"), std::string::npos);
  // Sent whole with its buffer: the NUL padding is no part of it.
  EXPECT_NE(SubtractedFromEveryByte("aB", std::string("A\"\0\0", 4)), "");
}

TEST(SubtractedFromEveryByte, ARightAnswerOrOneCutShortIsNotIt) {
  EXPECT_EQ(SubtractedFromEveryByte("hello world", "HELLO WORLD"), "");
  EXPECT_EQ(SubtractedFromEveryByte("hello world", "HELLO"), "") << "the first word, scanf's";
  EXPECT_EQ(SubtractedFromEveryByte("Hello", "HELLO"), "");
  EXPECT_EQ(SubtractedFromEveryByte("abc", ""), "");
}

}  // namespace
}  // namespace netgrade::check
