// A diagnosis is data (issue 48): its parts, and the one way they become a message.
#include "harness/check/finding.h"

#include <gtest/gtest.h>

namespace netgrade::check {
namespace {

TEST(JoinParts, OneSpaceBetweenTwoPartsAndNoneAroundAnEmptyOne) {
  EXPECT_EQ(JoinParts({"It failed.", "", "Fix it."}), "It failed. Fix it.");
  EXPECT_EQ(JoinParts({"", "It failed."}), "It failed.");
  EXPECT_EQ(JoinParts({}), "");
  EXPECT_EQ(JoinParts({"", ""}), "");
}

TEST(JoinParts, NoSpaceBeforeAPartThatStartsALineNorAfterOneThatEndsIt) {
  EXPECT_EQ(JoinParts({"It crashed.", "\n  The end of its stderr:\n  boom"}),
            "It crashed.\n  The end of its stderr:\n  boom");
  EXPECT_EQ(JoinParts({"What came:\n", "line"}), "What came:\nline");
}

TEST(Finding, TextIsCauseEvidenceFixThenEachNote) {
  Finding f{.code = Code::kEcho,
            .cause = "Your server answered 'hello' unchanged.",
            .evidence = "This looks like an echo.",
            .fix = "Call upper().",
            .notes = {"(After 5.0 s the case ended.)", "\nclient.py connected to 10.0.0.5."}};
  EXPECT_EQ(f.Text(),
            "Your server answered 'hello' unchanged. This looks like an echo. Call upper(). "
            "(After 5.0 s the case ended.)\nclient.py connected to 10.0.0.5.");
  EXPECT_EQ(f.Rest(),
            "This looks like an echo. Call upper(). (After 5.0 s the case ended.)\nclient.py "
            "connected to 10.0.0.5.");
}

TEST(Finding, AnEmptyNoteAddsNothing) {
  Finding f{.code = Code::kNoOutput, .cause = "Nothing came."};
  f.AddNote("");
  EXPECT_TRUE(f.notes.empty());
  f.AddNote("Then it closed the connection.");
  EXPECT_EQ(f.Text(), "Nothing came. Then it closed the connection.");
}

TEST(Finding, OkHasNoWords) {
  EXPECT_TRUE(Finding::Ok().ok());
  EXPECT_EQ(Finding::Ok().Text(), "");
}

}  // namespace
}  // namespace netgrade::check
