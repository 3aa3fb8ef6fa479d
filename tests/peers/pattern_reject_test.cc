// The caret under a pattern mismatch sits under the first character the pattern rejects.
#include "harness/peers/pattern_reject.h"

#include <gtest/gtest.h>

namespace netgrade::peers {
namespace {

TEST(PatternReject, AnAnchoredPatternRejectsTheFirstCharacterThatCannotGoOn) {
  EXPECT_EQ(FirstRejected(R"(^HTTP/1\.[01] 200 OK$)", "HTTP/1.1 404 Not Found"), 9u);
  EXPECT_EQ(FirstRejected("^2$", "5"), 0u);
  EXPECT_EQ(FirstRejected(R"(^ACK:\d+$)", "ACK:12 "), 6u);
  EXPECT_EQ(FirstRejected(R"(^ACK:\d+$)", "ack:1"), 0u);
}

TEST(PatternReject, ALineThatEndsTooSoonIsRejectedAtItsEnd) {
  EXPECT_EQ(FirstRejected(R"(^HTTP/1\.[01] 200 OK$)", "HTTP/1.1 200"), 12u);
  EXPECT_EQ(FirstRejected(R"(^ACK:\d+$)", "ACK:"), 4u);
}

TEST(PatternReject, AnUnanchoredPatternIsJudgedWhereItGetsFurthest) {
  // "PING" is found from byte 14 on, and the pattern rejects the 'O' of "PONG".
  EXPECT_EQ(FirstRejected(R"(PING \d+)", "Reply from x: PONG 3"), 15u);
}

TEST(PatternReject, QuantifiersAlternativesGroupsAndClasses) {
  EXPECT_EQ(FirstRejected("^(GET|POST) /[a-z]+$", "GET /index.html"), 10u);
  EXPECT_EQ(FirstRejected("^a{2,3}b$", "aaaab"), 3u);
  EXPECT_EQ(FirstRejected(R"(^(?P<seq>[01]):(?P<text>.*)$)", "2:hi"), 0u);
  EXPECT_EQ(FirstRejected("^x(?i:abc)y$", "xABCz"), 4u);
  EXPECT_EQ(FirstRejected("(?i)^hello$", "HELLO!"), 5u);
}

TEST(PatternReject, ACharacterOutsideAsciiCountsAsOneAndTheCaretStaysOnABoundary) {
  // "é" is two bytes: the caret goes after both, under the 'b'.
  EXPECT_EQ(FirstRejected("^café$", "cafébx"), 5u);
  EXPECT_EQ(FirstRejected("^caf.$", "cafxx"), 4u);
}

TEST(PatternReject, NoCaretWhenThePatternMatchesOrCannotBeFollowed) {
  EXPECT_EQ(FirstRejected("^2$", "2"), std::nullopt);
  EXPECT_EQ(FirstRejected("(", "x"), std::nullopt);
  EXPECT_EQ(FirstRejected(R"(\Qa.b\E)", "x"), std::nullopt);
  EXPECT_EQ(FirstRejected("^a(?i)b$", "aB!"), std::nullopt);
}

}  // namespace
}  // namespace netgrade::peers
