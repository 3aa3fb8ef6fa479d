#include "harness/peers/script_expect.h"

#include <gtest/gtest.h>

namespace netgrade::peers {
namespace {

spec::Answer A(spec::Answer::Kind kind, std::string text = "") {
  spec::Answer a;
  a.kind = kind;
  a.text = std::move(text);
  return a;
}

using K = spec::Answer::Kind;

TEST(ScriptExpect, UpperIsTheFullUnicodeUpperCaseOfTheLastTextSent) {
  EXPECT_TRUE(AnswerMatches(A(K::kUpper), "straße", 1, "STRASSE"));
  EXPECT_FALSE(AnswerMatches(A(K::kUpper), "hello", 1, "hello"));
  EXPECT_EQ(DescribeExpected(A(K::kUpper), "hello", 1), "'HELLO'");
}

TEST(ScriptExpect, SameAndExactCompareWholeLines) {
  EXPECT_TRUE(AnswerMatches(A(K::kSame), "hello", 1, "hello"));
  EXPECT_FALSE(AnswerMatches(A(K::kSame), "hello", 1, "hello "));
  EXPECT_TRUE(AnswerMatches(A(K::kExact, "5"), "ADD 2 3", 1, "5"));
  EXPECT_FALSE(AnswerMatches(A(K::kExact, "5"), "ADD 2 3", 1, "55"));
  EXPECT_EQ(ExpectedText(A(K::kExact, "5"), "x", 1), "5");
}

TEST(ScriptExpect, APatternIsSearchedInTheLine) {
  spec::Answer pong = A(K::kMatches, R"(PONG \d+)");
  EXPECT_TRUE(AnswerMatches(pong, "ping", 1, "reply: PONG 12 ok"));
  EXPECT_FALSE(AnswerMatches(pong, "ping", 1, "PONG x"));
  EXPECT_FALSE(AnswerMatches(A(K::kMatches, "^PONG$"), "ping", 1, "PONG 1"));
  EXPECT_FALSE(AnswerMatches(A(K::kMatches, "(unclosed"), "ping", 1, "(unclosed"));
  EXPECT_EQ(ExpectedText(pong, "ping", 1), std::nullopt);
  EXPECT_EQ(DescribeExpected(pong, "ping", 1), R"(a line matching /PONG \d+/)");
}

TEST(ScriptExpect, ATemplateFillsTheLastTextItsUpperCaseAndItsIndex) {
  spec::Answer t = A(K::kTemplate, "got {line} ({upper}) #{n}");
  EXPECT_EQ(ExpectedText(t, "hi", 3), "got hi (HI) #3");
  EXPECT_TRUE(AnswerMatches(t, "hi", 3, "got hi (HI) #3"));
  EXPECT_FALSE(AnswerMatches(t, "hi", 2, "got hi (HI) #3"));
}

TEST(ScriptExpect, NothingMatchesNoLine) {
  EXPECT_FALSE(AnswerMatches(A(K::kNothing), "x", 1, ""));
  EXPECT_EQ(DescribeExpected(A(K::kNothing), "x", 1), "nothing");
}

}  // namespace
}  // namespace netgrade::peers
