#include "harness/report/style.h"

#include <gtest/gtest.h>

namespace netgrade::report {
namespace {

TEST(Style, AutoColoursOnlyATerminal) {
  EXPECT_TRUE(WantColor(ColorMode::kAuto, true, nullptr, "xterm-256color"));
  EXPECT_FALSE(WantColor(ColorMode::kAuto, false, nullptr, "xterm-256color")) << "a pipe";
}

TEST(Style, NoColorWithAnyNonEmptyValueTurnsAutoOff) {
  EXPECT_FALSE(WantColor(ColorMode::kAuto, true, "1", "xterm"));
  EXPECT_FALSE(WantColor(ColorMode::kAuto, true, "false", "xterm")) << "any value counts";
  EXPECT_TRUE(WantColor(ColorMode::kAuto, true, "", "xterm")) << "an empty value does not";
  EXPECT_FALSE(WantColor(ColorMode::kAuto, true, nullptr, "dumb"));
}

TEST(Style, TheFlagOverridesTheTerminalAndNoColor) {
  EXPECT_TRUE(WantColor(ColorMode::kAlways, false, "1", "dumb"));
  EXPECT_FALSE(WantColor(ColorMode::kNever, true, nullptr, "xterm"));
}

TEST(Style, ParsesTheFlagsValues) {
  EXPECT_EQ(ParseColorMode("auto"), ColorMode::kAuto);
  EXPECT_EQ(ParseColorMode("always"), ColorMode::kAlways);
  EXPECT_EQ(ParseColorMode("never"), ColorMode::kNever);
  EXPECT_EQ(ParseColorMode("yes"), std::nullopt);
}

TEST(Style, PaintsOnlyWithColour) {
  EXPECT_EQ(Style(false)(Paint::kRed, "FAIL"), "FAIL");
  EXPECT_EQ(Style(true)(Paint::kRed, "FAIL"), "\x1b[31mFAIL\x1b[0m");
  EXPECT_EQ(Style(true)(Paint::kGreen, ""), "") << "no codes around nothing";
}

}  // namespace
}  // namespace netgrade::report
