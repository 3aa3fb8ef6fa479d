// Messages padded with the zeros of a whole fixed-size buffer.
#include "harness/check/nul_padding.h"

#include <gtest/gtest.h>

#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using testing_support::ExpectWords;

MessageCheck Answers(std::vector<std::string> actual) {
  return MessageCheck{
      "Your server answered", {"one", "two"}, {"ONE", "TWO"}, std::move(actual), false};
}

TEST(NulPadding, MessagesWithoutZerosAreLeftToTheComparison) {
  EXPECT_TRUE(CheckPadding(Answers({"ONE", "TWO"}), "Your server", true).ok());
  EXPECT_TRUE(CheckPadding(Answers({"one"}), "Your server", true).ok()) << "wrong, but no padding";
}

TEST(NulPadding, RightMessagesWithZerosAreNamedAsPaddingBesideTheFirstPaddedOne) {
  Finding f = CheckPadding(Answers({"ONE", "TWO" + std::string(5, '\0')}), "Your server", true);
  EXPECT_EQ(f.code, Code::kNulPadding) << f.Text();
  EXPECT_EQ(f.Text(),
            "Your server sent 5 bytes of padding (\\x00) after the answer: it sends its whole "
            "buffer. Send only the bytes you received (n = recv(...); send(..., n)).");
  ASSERT_TRUE(f.difference);
  EXPECT_EQ(f.difference->sent, "two");
  EXPECT_EQ(f.difference->expected, "TWO");
  EXPECT_EQ(f.difference->received, "TWO" + std::string(5, '\0'));
}

TEST(NulPadding, AMessageOfTheProgramsOwnIsToldToSendOnlyItsBytes) {
  MessageCheck mc{
      "The reference server received", {}, {"hello"}, {"hello" + std::string(3, '\0')}, false};
  Finding f = CheckPadding(mc, "client", false);
  EXPECT_EQ(f.code, Code::kNulPadding);
  ExpectWords(f);
}

// Wrong without the zeros too: what is wrong leads, and the padding follows it.
TEST(NulPadding, WrongMessagesWithZerosAreToldWrongThenPadded) {
  Finding f = CheckPadding(Answers({"one" + std::string(2, '\0'), "TWO"}), "Your server", true);
  EXPECT_NE(f.code, Code::kNulPadding);
  EXPECT_FALSE(f.ok());
  ASSERT_EQ(f.notes.size(), 1u) << f.Text();
  EXPECT_NE(f.notes[0].find("2 bytes"), std::string::npos) << f.notes[0];
  EXPECT_NE(f.notes[0].find("(\\x00)"), std::string::npos) << f.notes[0];
}

}  // namespace
}  // namespace netgrade::check
