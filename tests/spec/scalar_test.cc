#include "harness/spec/scalar.h"

#include <gtest/gtest.h>

namespace netgrade::spec {
namespace {

TEST(Scalar, PlainScalarsAreTypedByTheYaml12CoreSchema) {
  EXPECT_EQ(ClassifyPlain("42"), ScalarKind::kInt);
  EXPECT_EQ(ClassifyPlain("-7"), ScalarKind::kInt);
  EXPECT_EQ(ClassifyPlain("0x1F"), ScalarKind::kInt);
  EXPECT_EQ(ClassifyPlain("0o17"), ScalarKind::kInt);
  EXPECT_EQ(ClassifyPlain("99999999999999999999999"), ScalarKind::kInt)
      << "too big, still a number";
  EXPECT_EQ(ClassifyPlain(".5"), ScalarKind::kFloat);
  EXPECT_EQ(ClassifyPlain("1e-1"), ScalarKind::kFloat);
  EXPECT_EQ(ClassifyPlain("-.inf"), ScalarKind::kFloat);
  EXPECT_EQ(ClassifyPlain("true"), ScalarKind::kBool);
  EXPECT_EQ(ClassifyPlain("FALSE"), ScalarKind::kBool);
  EXPECT_EQ(ClassifyPlain("~"), ScalarKind::kNull);
  EXPECT_EQ(ClassifyPlain(""), ScalarKind::kNull);
  // YAML 1.1 booleans and octals are strings or decimals in 1.2.
  EXPECT_EQ(ClassifyPlain("yes"), ScalarKind::kString);
  EXPECT_EQ(ClassifyPlain("off"), ScalarKind::kString);
  EXPECT_EQ(ClassifyPlain("1.2.3"), ScalarKind::kString);
  EXPECT_EQ(ClassifyPlain("5s"), ScalarKind::kString);
}

TEST(Scalar, AQuotedScalarIsAlwaysAString) {
  YAML::Node doc = YAML::Load("{a: \"3\", b: 3, c: '', d: ~, e: 'true'}");
  EXPECT_EQ(Classify(doc["a"]), ScalarKind::kString);
  EXPECT_EQ(Classify(doc["b"]), ScalarKind::kInt);
  EXPECT_EQ(Classify(doc["c"]), ScalarKind::kString);
  EXPECT_EQ(Classify(doc["d"]), ScalarKind::kNull);
  EXPECT_EQ(Classify(doc["e"]), ScalarKind::kString);
  EXPECT_EQ(Classify(doc["missing"]), ScalarKind::kNull);
}

TEST(Scalar, ParseIntReadsEveryBaseAndRefusesTheRest) {
  EXPECT_EQ(ParseInt("42"), 42);
  EXPECT_EQ(ParseInt("-7"), -7);
  EXPECT_EQ(ParseInt("+3"), 3);
  EXPECT_EQ(ParseInt("0x1F"), 31);
  EXPECT_EQ(ParseInt("0o17"), 15);
  EXPECT_EQ(ParseInt("0o18"), std::nullopt);
  EXPECT_EQ(ParseInt("0xG"), std::nullopt);
  EXPECT_EQ(ParseInt("1.0"), std::nullopt);
  EXPECT_EQ(ParseInt(""), std::nullopt);
  EXPECT_EQ(ParseInt("-"), std::nullopt);
  EXPECT_EQ(ParseInt("1234567890123456789"), std::nullopt) << "beyond 18 digits: no overflow";
}

TEST(Scalar, ParseNumberReadsFloatsAndIntegersButNotInfinity) {
  EXPECT_EQ(ParseNumber("0.3"), 0.3);
  EXPECT_EQ(ParseNumber(".5"), 0.5);
  EXPECT_EQ(ParseNumber("1e-1"), 0.1);
  EXPECT_EQ(ParseNumber("3"), 3.0);
  EXPECT_EQ(ParseNumber(".inf"), std::nullopt);
  EXPECT_EQ(ParseNumber("."), std::nullopt);
  EXPECT_EQ(ParseNumber("1e"), std::nullopt);
  EXPECT_EQ(ParseNumber("50%"), std::nullopt);
}

TEST(Scalar, PlaceholdersAreFoundInOrderAndAnUnclosedBraceIsNone) {
  EXPECT_EQ(Placeholders("{host} {port}"), (std::vector<std::string>{"{host}", "{port}"}));
  EXPECT_EQ(Placeholders("a {b"), std::vector<std::string>{});
  EXPECT_EQ(Placeholders("}{x}"), std::vector<std::string>{"{x}"});
  EXPECT_EQ(Placeholders("{a{b}"), std::vector<std::string>{"{a{b}"});
}

TEST(Scalar, CutKeepsShortTextAndNamesTheLengthOfLongText) {
  EXPECT_EQ(Cut("short"), "short");
  std::string long_text(100, 'x');
  EXPECT_EQ(Cut(long_text), std::string(60, 'x') + "... (100 characters)");
}

}  // namespace
}  // namespace netgrade::spec
