// `cases:` and `defaults:` as the loader reads them: each case's keys over the defaults, its
// name and role, what it expects, and its points.
#include "harness/spec/cases.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/spec/read_node.h"
#include "tests/support/words_golden.h"

namespace netgrade::spec {
namespace {

using testing_support::ExpectWordsOf;

using read_node::All;

const char* kHead =
    "exercise: x\nprotocol: tcp\nroles:\n  server: {listens: true}\n  client: {listens: false}\n";

LoadResult Load(const std::string& rest) { return LoadSpecString(kHead + rest, "f.yaml"); }

TEST(Cases, DefaultsApplyToEveryCaseThatGivesNoValueOfItsOwn) {
  EXPECT_EQ(CaseContext{}.timeout_ms, 5000);
  EXPECT_EQ(CaseContext{}.points, 1);
  auto defaults =
      read_node::ReadNode<CaseContext>("{timeout: 1.5s, cpu_limit: 2s, points: 3}", LoadDefaults);
  ASSERT_TRUE(defaults.errors.empty()) << All(defaults.errors);
  EXPECT_EQ(defaults.value.timeout_ms, 1500);
  EXPECT_EQ(defaults.value.cpu_limit_ms, 2000);
  EXPECT_EQ(defaults.value.points, 3);

  LoadResult loaded = Load(
      "defaults: {timeout: 1.5s, points: 3}\ncases:\n"
      "  - {name: a, role: server, peer: {connections: [{send: [hi]}]}, expect: {replies: upper}}\n"
      "  - {name: b, role: server, peer: {connections: [{send: [hi]}]}, expect: {replies: upper},"
      " timeout: 2s, points: 0}\n");
  ASSERT_TRUE(loaded.ok()) << All(loaded);
  EXPECT_EQ(loaded.spec->cases[0].timeout_ms, 1500);
  EXPECT_EQ(loaded.spec->cases[0].points, 3);
  EXPECT_EQ(loaded.spec->cases[1].timeout_ms, 2000);
  EXPECT_EQ(loaded.spec->cases[1].points, 0);
}

TEST(Cases, AZeroDefaultTimeoutIsReportedOnceAtTheDefaults) {
  std::string cases = "cases:\n";
  for (int i = 1; i <= 6; ++i)
    cases += "  - {name: c" + std::to_string(i) +
             ", role: server, peer: {connections: [{send: [hi]}]}, expect: {replies: upper}}\n";
  LoadResult r = Load(cases + "defaults: {timeout: 0s}\n");
  ASSERT_EQ(r.errors.size(), 1u) << All(r);
  EXPECT_EQ(r.errors[0].mark.line, 13);
}

// yaml-cpp places a node reached through an alias at its anchor: an error there names each
// case that uses it, or the author learns where the mistake is but not who reached it. An
// error in a case's own text names no alias.
TEST(Cases, AnErrorInAnAnchorNamesEachCaseThatUsesItThroughAnAlias) {
  LoadResult r = Load(
      "cases:\n"
      "  - name: a\n"
      "    role: server\n"
      "    peer: {connections: [{send: [hi]}]}\n"
      "    expect: &common {replies: upper, exitt: running}\n"
      "  - name: b\n"
      "    role: server\n"
      "    peer: {connections: [{send: [hi]}]}\n"
      "    expect: *common\n"
      "  - name: c\n"
      "    role: server\n"
      "    peer: {connections: [{send: [hi]}]}\n"
      "    expect: *common\n");
  ASSERT_EQ(r.errors.size(), 3u) << All(r);
  for (const SpecError& e : r.errors) EXPECT_EQ(e.mark.line, 10) << e.message;
  EXPECT_EQ(r.errors[0].message.find("alias"), std::string::npos)
      << "case a writes it itself: " << r.errors[0].message;
  EXPECT_NE(r.errors[1].message.find("(in case 'b' at line 11, which uses it through a YAML "
                                     "alias)"),
            std::string::npos)
      << r.errors[1].message;
  EXPECT_NE(r.errors[2].message.find("(in case 'c' at line 15"), std::string::npos)
      << r.errors[2].message;
}

TEST(Cases, ACaseMayGiveItsOwnCommandLine) {
  LoadResult loaded = Load(
      "cases:\n"
      "  - {name: a, role: client, argv: [\"{host}\", \"{port}\", \"4\"], peer: {reply: hi},"
      " expect: {exit: required}}\n"
      "  - {name: b, role: client, peer: {reply: hi}, expect: {exit: required}}\n");
  ASSERT_TRUE(loaded.ok()) << All(loaded);
  EXPECT_EQ(loaded.spec->cases[0].argv, (std::vector<std::string>{"{host}", "{port}", "4"}));
  EXPECT_FALSE(loaded.spec->cases[1].argv.has_value()) << "the role's then";

  LoadResult wrong = Load(
      "cases:\n"
      "  - {name: a, role: client, argv: [\"{hots}\"], peer: {reply: hi}, expect: {exit: "
      "required}}\n");
  ASSERT_EQ(wrong.errors.size(), 1u) << All(wrong);
  EXPECT_EQ(wrong.errors[0].ToString().rfind("f.yaml:7:35: ", 0), 0u) << All(wrong);
  ExpectWordsOf("argv: [{hots}]", wrong.errors[0].message);
}

TEST(Cases, ANameIsUniqueAndFitsInAPath) {
  LoadResult r = Load(
      "cases:\n"
      "  - {name: a, role: server, peer: {connections: [{send: [hi]}]}, expect: {replies: upper}}\n"
      "  - {name: a, role: server, peer: {connections: [{send: [hi]}]}, expect: {replies: upper}}\n"
      "  - {name: a/b, role: server, peer: {connections: [{send: [hi]}]}, "
      "expect: {replies: upper}}\n");
  ASSERT_EQ(r.errors.size(), 2u) << All(r);
  EXPECT_EQ(r.errors[0].ToString(), "f.yaml:8:12: a second case named 'a'");
  EXPECT_EQ(r.errors[1].ToString(),
            "f.yaml:9:12: case name 'a/b' may hold only letters, digits, '-' and '_'");
}

TEST(Cases, ACaseThatExpectsNothingIsAnError) {
  LoadResult r =
      Load("cases:\n  - name: a\n    role: server\n    peer: {connections: [{send: [hi]}]}\n");
  ASSERT_FALSE(r.errors.empty());
  EXPECT_EQ(r.errors[0].mark.line, 7);
  EXPECT_EQ(r.errors[0].message.rfind("case 'a' expects nothing, so any program would pass it", 0),
            0u)
      << All(r);
}

// letters: ascii (the default): a case that upper-cases letters outside ASCII is worth 0
// points; points given on it are a contradiction, points from the defaults do not apply.
TEST(Cases, ACaseOfLettersOutsideAsciiIsWorthNothingUnderLettersAscii) {
  const std::string one =
      "  - {name: a, role: server, peer: {connections: [{send: [straße]}]}, "
      "expect: {replies: upper}";
  LoadResult by_default = Load("defaults: {points: 2}\ncases:\n" + one + "}\n");
  ASSERT_TRUE(by_default.ok()) << All(by_default);
  EXPECT_EQ(by_default.spec->cases[0].points, 0);
  LoadResult given = Load("cases:\n" + one + ", points: 2}\n");
  ASSERT_EQ(given.errors.size(), 1u) << All(given);
  ExpectWordsOf("straße, points: 2", given.errors[0].message);
  LoadResult unicode = Load("letters: unicode\ncases:\n" + one + ", points: 2}\n");
  ASSERT_TRUE(unicode.ok()) << All(unicode);
  EXPECT_EQ(unicode.spec->cases[0].points, 2);
}

TEST(Cases, ReadsEachVisibilityAndDefaultsToVisible) {
  LoadResult r =
      LoadSpecFile(std::string(NETGRADE_SOURCE_DIR) + "/tests/spec/good/visibility.yaml");
  ASSERT_TRUE(r.ok()) << r.errors.front().ToString();
  std::vector<Visibility> got;
  for (const Case& c : r.spec->cases) got.push_back(c.visibility);
  EXPECT_EQ(got, (std::vector<Visibility>{Visibility::kVisible, Visibility::kHidden,
                                          Visibility::kAfterDueDate, Visibility::kAfterPublished,
                                          Visibility::kVisible}));
  for (Visibility v : got) EXPECT_STRNE(VisibilityName(v), "");
  EXPECT_STREQ(VisibilityName(Visibility::kAfterDueDate), "after_due_date");
}

}  // namespace
}  // namespace netgrade::spec
