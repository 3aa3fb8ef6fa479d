#include "harness/spec/reply.h"

#include <gtest/gtest.h>

namespace netgrade::spec {
namespace {

TEST(Reply, FillsEveryPlaceholderOfTheTemplate) {
  EXPECT_EQ(ApplyReplyTemplate("{upper}", "hello", 1), "HELLO");
  EXPECT_EQ(ApplyReplyTemplate("{line}", "hello", 1), "hello");
  EXPECT_EQ(ApplyReplyTemplate("#{n}: {line} -> {upper}", "straße", 3), "#3: straße -> STRASSE");
  EXPECT_EQ(ApplyReplyTemplate("{line}{line}", "ab", 1), "abab");
}

TEST(Reply, LeavesOtherBracesAndPlainTextAlone) {
  EXPECT_EQ(ApplyReplyTemplate("ok", "hello", 1), "ok");
  EXPECT_EQ(ApplyReplyTemplate("{lines} {x} {", "a", 1), "{lines} {x} {");
  EXPECT_EQ(ApplyReplyTemplate("", "hello", 1), "");
}

TEST(Reply, AMessageThatLooksLikeAPlaceholderIsNotExpandedAgain) {
  EXPECT_EQ(ApplyReplyTemplate("{line}", "{upper}", 1), "{upper}");
  EXPECT_EQ(ApplyReplyTemplate("{upper}", "{n}", 7), "{N}");
}

}  // namespace
}  // namespace netgrade::spec
