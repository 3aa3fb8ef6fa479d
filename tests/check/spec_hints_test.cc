// The spec's own hints added to netgrade's diagnoses: per check, and per expected line.
#include "harness/check/spec_hints.h"

#include <gtest/gtest.h>

namespace netgrade::check {
namespace {

Finding Failed(std::string message, std::optional<std::string> expected = std::nullopt) {
  Finding f{Code::kWrongContent, std::move(message)};
  if (expected) f.difference = Difference{std::nullopt, expected, std::string("x")};
  return f;
}

TEST(SpecHints, AHintEndsItsSentence) {
  EXPECT_EQ(AppendHint("It printed nothing.", "print one line per name"),
            "It printed nothing. print one line per name.");
  EXPECT_EQ(AppendHint("It printed nothing.", "Print it!"), "It printed nothing. Print it!");
  EXPECT_EQ(AppendHint("It printed nothing.", ""), "It printed nothing.");
}

TEST(SpecHints, TheCheckHintGoesOnlyOnThatChecksFailure) {
  spec::Expect e;
  e.hints["exit"] = "Call sys.exit(0) at the end.";
  EXPECT_EQ(WithCheckHint(Failed("It kept running."), e, "exit").Text(),
            "It kept running. Call sys.exit(0) at the end.");
  EXPECT_EQ(WithCheckHint(Failed("It kept running."), e, "stdout").Text(), "It kept running.");
  EXPECT_TRUE(WithCheckHint(Finding::Ok(), e, "exit").ok()) << "a check that held stays held";
}

// The line the diagnosis found different brings its own hint; another line's is not told,
// and the check's hint stands in where that line has none.
TEST(SpecHints, TheDifferingLinesHintWinsOverTheChecks) {
  spec::Expect e;
  e.stdout_lines = {"www 10.0.0.1", "ftp NXDOMAIN"};
  e.stdout_line_hints = {"", "A name not in the table is NXDOMAIN."};
  e.hints["stdout"] = "Print one line per name.";
  EXPECT_EQ(WithLinesHint(Failed("Expected 'ftp NXDOMAIN'.", "ftp NXDOMAIN"), e, "stdout").Text(),
            "Expected 'ftp NXDOMAIN'. A name not in the table is NXDOMAIN.");
  EXPECT_EQ(WithLinesHint(Failed("Expected 'www 10.0.0.1'.", "www 10.0.0.1"), e, "stdout").Text(),
            "Expected 'www 10.0.0.1'. Print one line per name.");
  EXPECT_EQ(WithLinesHint(Failed("Nothing at all."), e, "stdout").Text(),
            "Nothing at all. Print one line per name.");
  EXPECT_EQ(WithLinesHint(Failed("Nothing at all."), e, "received").Text(), "Nothing at all.");
}

}  // namespace
}  // namespace netgrade::check
