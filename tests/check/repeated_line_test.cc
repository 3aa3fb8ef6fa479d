// `stdout: [...]` tolerates prompts and banners, not an expected line printed twice.
#include "harness/check/repeated_line.h"

#include <gtest/gtest.h>

#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using testing_support::ExpectWords;

MessageCheck Printed(std::vector<std::string> expected, std::vector<std::string> actual) {
  return MessageCheck{"receiver printed", {}, std::move(expected), std::move(actual), true};
}

// The false pass of issue 22: a stop-and-wait receiver that printed a duplicate.
TEST(RepeatedLine, AReceiverThatPrintsALineTwiceFails) {
  Finding f = CompareMessages(Printed({"one", "two", "three"}, {"one", "two", "two", "three"}));
  EXPECT_EQ(f.code, Code::kExtraMessage);
  ExpectWords(f);
  ASSERT_TRUE(f.difference);
  EXPECT_EQ(f.difference->received, "two");
}

TEST(RepeatedLine, TheSameLineWithItsPrefixPrintedAgainIsARepeat) {
  Finding f = CompareMessages(Printed({"HELLO"}, {"From server: HELLO", "From server: HELLO"}));
  EXPECT_EQ(f.code, Code::kExtraMessage);
}

TEST(RepeatedLine, TheBareMessageAfterItsPrefixedLineIsARepeat) {
  Finding f = CompareMessages(Printed({"HELLO"}, {"> HELLO", "HELLO"}));
  EXPECT_EQ(f.code, Code::kExtraMessage);
}

TEST(RepeatedLine, PromptsBannersAndBlankLinesAreStillTolerated) {
  EXPECT_TRUE(CompareMessages(
                  Printed({"a", "HELLO"}, {"Receiver ready on port 5000", "", "Enter a line:", "a",
                                           "Enter a line:", "From server: HELLO", "bye"}))
                  .ok());
}

TEST(RepeatedLine, ALineCountsForTheLongestMessageItEndsWith) {
  EXPECT_TRUE(CompareMessages(Printed({"WORLD", "HELLO WORLD"}, {"WORLD", "HELLO WORLD"})).ok());
  EXPECT_TRUE(CompareMessages(Printed({"a"}, {"banana", "a"})).ok());
}

TEST(RepeatedLine, ALineExpectedTwiceMayBePrintedTwice) {
  EXPECT_TRUE(CompareMessages(Printed({"ok", "ok"}, {"ok", "ok"})).ok());
  Finding f = CompareMessages(Printed({"ok", "ok"}, {"ok", "ok", "ok"}));
  EXPECT_EQ(f.code, Code::kExtraMessage);
  ExpectWords(f);
}

TEST(RepeatedLine, OnlyStandardOutputIsLookedAt) {
  MessageCheck c{"Your server's answers", {}, {"A"}, {"A", "A"}, false};
  EXPECT_EQ(RepeatedLine(c), std::nullopt);  // CompareMessages calls it extra already
}

}  // namespace
}  // namespace netgrade::check
