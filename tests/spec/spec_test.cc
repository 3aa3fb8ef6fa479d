#include "harness/spec/spec.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"

namespace netgrade::spec {
namespace {

TEST(Spec, FindRoleFindsByExactNameOnly) {
  Spec s;
  s.roles = {{.name = "server",
              .names = {"server"},
              .listens = true,
              .argv = {"{port}"},
              .port_env = {},
              .mark = {}},
             {.name = "client",
              .names = {"client"},
              .listens = false,
              .argv = {},
              .port_env = {},
              .mark = {}}};
  ASSERT_NE(s.FindRole("client"), nullptr);
  EXPECT_EQ(s.FindRole("client")->name, "client");
  EXPECT_EQ(s.FindRole("server"), &s.roles[0]);
  EXPECT_EQ(s.FindRole("Server"), nullptr);
  EXPECT_EQ(s.FindRole(""), nullptr);
}

TEST(DirectionFaults, AreEmptyOnlyWithNoFaultAtAll) {
  EXPECT_TRUE(DirectionFaults{}.Empty());
  // Each field alone makes them non-empty: one that Empty() forgot would grade without
  // the proxy the case asks for.
  std::vector<std::pair<const char*, void (*)(DirectionFaults&)>> one_each = {
      {"drop", [](DirectionFaults& f) { f.drop = {1}; }},
      {"drop_rate", [](DirectionFaults& f) { f.drop_rate = 0.1; }},
      {"duplicate", [](DirectionFaults& f) { f.duplicate = {1}; }},
      {"hold", [](DirectionFaults& f) { f.hold = {1}; }},
      {"late", [](DirectionFaults& f) { f.late = {1}; }},
      {"delay", [](DirectionFaults& f) { f.delay_ms = 1; }},
      {"jitter", [](DirectionFaults& f) { f.jitter_ms = 1; }},
      {"slice", [](DirectionFaults& f) { f.slice = 1; }},
      {"coalesce", [](DirectionFaults& f) { f.coalesce = true; }},
      {"reset_after 0", [](DirectionFaults& f) { f.reset_after = 0; }},
  };
  for (const auto& [name, set] : one_each) {
    DirectionFaults f;
    set(f);
    EXPECT_FALSE(f.Empty()) << name;
  }
  DirectionFaults marked;
  marked.mark = {3, 5};
  EXPECT_TRUE(marked.Empty()) << "a position is no fault";
}

// letters: ascii (the default) leaves letters outside ASCII ungraded; unicode grades them.
TEST(Letters, ACaseWithLettersOutsideAsciiIsWorthNothingUnlessTheSpecGradesThem) {
  auto load = [](const std::string& letters) {
    std::string yaml = "exercise: demo\nprotocol: tcp\n" + letters +
                       "roles:\n  server:\n    listens: true\n"
                       "defaults:\n  points: 3\n"
                       "cases:\n"
                       "  - name: ascii\n    role: server\n"
                       "    peer: {connections: [{send: [\"Hello {|}~ 42\"]}]}\n"
                       "    expect: {replies: upper, exit: running}\n"
                       "  - name: accents\n    role: server\n"
                       "    peer: {connections: [{send: [\"café straße\"]}]}\n"
                       "    expect: {replies: upper, exit: running}\n";
    LoadResult r = LoadSpecString(yaml, "letters.yaml");
    EXPECT_TRUE(r.ok());
    return *r.spec;
  };
  Spec ascii = load("");
  EXPECT_EQ(ascii.letters, Letters::kAscii);
  EXPECT_FALSE(ChecksLettersOutsideAscii(ascii.cases[0]));
  EXPECT_TRUE(ChecksLettersOutsideAscii(ascii.cases[1]));
  EXPECT_EQ(ascii.cases[0].points, 3);
  EXPECT_EQ(ascii.cases[1].points, 0);
  Spec unicode = load("letters: unicode\n");
  EXPECT_EQ(unicode.letters, Letters::kUnicode);
  EXPECT_EQ(unicode.cases[1].points, 3);
}

}  // namespace
TEST(ArgumentOf, ThePortAndTheHostAreFoundWhereTheRoleSaysAndNowhereElse) {
  EXPECT_EQ(PortArgument({"{host}", "{port}"}), 2u);
  EXPECT_EQ(HostArgument({"{host}", "{port}"}), 1u);
  EXPECT_EQ(HostArgument({"{host}", "4"}), 1u);
  EXPECT_EQ(HostArgument({"4", "{host}"}), 2u);
  EXPECT_EQ(HostArgument({"{port}"}), 0u);
  EXPECT_EQ(HostArgument({"--to={host}"}), 0u);  // not an argument the program reads whole
}

}  // namespace netgrade::spec
