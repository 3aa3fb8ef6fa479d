#include "harness/spec/spec.h"

#include <gtest/gtest.h>

namespace netgrade::spec {
namespace {

TEST(Spec, FindRoleFindsByExactNameOnly) {
  Spec s;
  s.roles = {{"server", {"server"}, true, {"{port}"}}, {"client", {"client"}, false, {}}};
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

}  // namespace
}  // namespace netgrade::spec
