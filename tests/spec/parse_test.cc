#include "harness/spec/parse.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/support/words_golden.h"

namespace netgrade::spec {
namespace {

using testing_support::ExpectWordsOf;

TEST(UnclosedQuote, FindsTheQuoteThatNeverCloses) {
  std::optional<Mark> m = UnclosedQuote("a: 1\nb: \"two\nc: 3\n");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->line, 2);
  EXPECT_EQ(m->column, 4);
}

TEST(UnclosedQuote, IgnoresClosedQuotesApostrophesInWordsAndComments) {
  EXPECT_EQ(UnclosedQuote("a: \"x\\\"y\"\nb: 'it''s'\n"), std::nullopt);
  EXPECT_EQ(UnclosedQuote("a: don't\n"), std::nullopt) << "a quote inside a plain scalar";
  EXPECT_EQ(UnclosedQuote("# it's a comment\na: 1  # isn't it\n"), std::nullopt);
  EXPECT_TRUE(UnclosedQuote("- 'open\n").has_value());
}

TEST(ParseYaml, ASyntaxErrorFromAnUnclosedQuoteIsReportedWhereItOpens) {
  std::vector<SpecError> errors;
  // yaml-cpp notices only at the end of the flow map, on the next line.
  EXPECT_FALSE(ParseYaml("x: 1\na: {b: \"c}\n", "t.yaml", &errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].mark.line, 2);
  EXPECT_EQ(errors[0].mark.column, 8);
  ExpectWordsOf("{b: \"c}", errors[0].message);
}

TEST(ParseYaml, ABinaryFileIsNotParsed) {
  std::vector<SpecError> errors;
  EXPECT_FALSE(ParseYaml(std::string_view("a: 1\n\0\x01", 7), "t.yaml", &errors));
  ASSERT_EQ(errors.size(), 1u);
  ExpectWordsOf("NUL at offset 5", errors[0].message);
}

TEST(ParseYaml, MergeKeysAreMergedAndLocalKeysWin) {
  std::vector<SpecError> errors;
  std::optional<YAML::Node> root = ParseYaml(
      "base: &b {timeout: 5s, points: 1}\ncase:\n  <<: *b\n  points: 2\n", "t.yaml", &errors);
  ASSERT_TRUE(root) << (errors.empty() ? "" : errors[0].ToString());
  YAML::Node c = (*root)["case"];
  EXPECT_FALSE(c["<<"]) << "the merge key itself is gone";
  EXPECT_EQ(c["timeout"].as<std::string>(), "5s");
  EXPECT_EQ(c["points"].as<int>(), 2);
}

TEST(ParseYaml, AMergeOfSomethingOtherThanAMapIsAnError) {
  std::vector<SpecError> errors;
  EXPECT_FALSE(ParseYaml("case:\n  <<: 3\n", "t.yaml", &errors) && errors.empty());
  ASSERT_FALSE(errors.empty());
  ExpectWordsOf("<<: 3", errors[0].message);
}

TEST(ParseYaml, NestingBeyondTheCapIsRefusedBeforeTheParser) {
  std::vector<SpecError> errors;
  EXPECT_FALSE(ParseYaml(std::string(300, '[') + std::string(300, ']'), "t.yaml", &errors));
  ASSERT_EQ(errors.size(), 1u);
  ExpectWordsOf("300 [", errors[0].message);
}

}  // namespace
}  // namespace netgrade::spec
