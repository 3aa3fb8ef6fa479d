#include "harness/spec/yaml_reader.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/support/words_golden.h"

namespace netgrade::spec {
namespace {

using testing_support::ExpectWordsOf;

// The errors a reader recorded, as "line:col: message".
std::vector<std::string> Lines(const std::vector<SpecError>& errors) {
  std::vector<std::string> out;
  for (const SpecError& e : errors)
    out.push_back(std::to_string(e.mark.line) + ":" + std::to_string(e.mark.column) + ": " +
                  e.message);
  return out;
}

TEST(YamlReader, ReadsTypedValuesAndReportsWrongOnesAtTheirPosition) {
  std::vector<SpecError> errors;
  YamlReader r("t.yaml", &errors);
  YAML::Node n = YAML::Load("points: 3\nname: \"3\"\nflag: yes\nport: 70000\n");
  EXPECT_EQ(r.Integer(n["points"], "points", 0, 100), 3);
  EXPECT_EQ(r.String(n["name"], "name"), "3");
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(r.Bool(n["flag"], "flag"), std::nullopt) << "YAML 1.2: 'yes' is a string";
  EXPECT_EQ(r.Integer(n["port"], "port", 1, 65535), std::nullopt);
  EXPECT_EQ(r.Integer(n["name"], "name", 0, 10), std::nullopt) << "a quoted number is text";
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].mark.line, 3);
  EXPECT_EQ(errors[1].mark.line, 4);
  ExpectWordsOf("port: 70000", errors[1].message);
  ExpectWordsOf("name: \"3\" as a whole number", errors[2].message);
}

// One reading of a share for every key that takes one (drop_rate, hop_loss, a link's loss...).
TEST(YamlReader, AShareIsANumberOrAPercentFromZeroToOne) {
  std::vector<SpecError> errors;
  YamlReader r("t.yaml", &errors);
  YAML::Node n = YAML::Load("a: 0.3\nb: 30%\nc: 150%\nd: \"0.3\"\ne: 1\n");
  EXPECT_EQ(r.Share(n["a"], "a"), 0.3);
  EXPECT_EQ(r.Share(n["b"], "b"), 0.3);
  EXPECT_EQ(r.Share(n["e"], "e"), 1.0);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(r.Share(n["c"], "c"), std::nullopt);
  EXPECT_EQ(r.Share(n["d"], "d"), std::nullopt) << "a quoted number is text";
  EXPECT_EQ(Lines(errors), (std::vector<std::string>{
                               "3:4: 'c' must be from 0 to 1 (0% to 100%), found 150%",
                               "4:4: expected a share for 'd' such as 0.3 or 30%, found '0.3'"}));
}

TEST(YamlReader, AMisspeltKeyGetsADidYouMeanAndIsNotAlsoMissing) {
  std::vector<SpecError> errors;
  YamlReader r("t.yaml", &errors);
  YAML::Node n = YAML::Load("nmae: x\n");
  EXPECT_TRUE(r.Map(n, "a case", {"name", "role"}));
  EXPECT_FALSE(r.Required(n, "name", "a case"));
  EXPECT_FALSE(r.Required(n, "role", "a case"));
  EXPECT_EQ(Lines(errors),
            (std::vector<std::string>{"1:1: unknown key 'nmae' in a case; did you mean 'name'?",
                                      "1:1: a case has no 'role'"}));
}

TEST(YamlReader, ADuplicateKeyNamesBothPositions) {
  std::vector<SpecError> errors;
  YamlReader r("t.yaml", &errors);
  YAML::Node n = YAML::Load("role: a\nrole: b\n");
  r.NoDuplicateKeys(n, "a case");
  ASSERT_EQ(errors.size(), 1u);
  ExpectWordsOf("role: a, role: b", errors[0].message);
}

TEST(YamlReader, AnEnumValueOutsideTheListIsSuggestedTheNearest) {
  std::vector<SpecError> errors;
  YamlReader r("t.yaml", &errors);
  YAML::Node n = YAML::Load("protocol: tpc\n");
  EXPECT_EQ(r.Enum(n["protocol"], "protocol", {"tcp", "udp"}), std::nullopt);
  ASSERT_EQ(errors.size(), 1u);
  ExpectWordsOf("protocol: tpc", errors[0].message);
  EXPECT_EQ(r.Enum(YAML::Load("udp"), "protocol", {"tcp", "udp"}), "udp");
}

TEST(YamlReader, SpendingPastTheCaseCapIsReportedOncePerCase) {
  std::vector<SpecError> errors;
  YamlReader r("t.yaml", &errors);
  YAML::Node at = YAML::Load("x");
  r.BeginCase();
  EXPECT_TRUE(r.Spend(at, YamlReader::kMaxCaseBytes));
  EXPECT_FALSE(r.Spend(at, 1));
  EXPECT_FALSE(r.Spend(at, 1));
  EXPECT_EQ(errors.size(), 1u);
  r.BeginCase();
  EXPECT_TRUE(r.Spend(at, 1)) << "a new case starts from zero";
}

}  // namespace
}  // namespace netgrade::spec
