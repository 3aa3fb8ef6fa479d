// A script's connections in a student's words: the lab's names first, else their order, never
// the spec's labels.
#include "harness/spec/connection_words.h"

#include <gtest/gtest.h>

namespace netgrade::spec {
namespace {

Step Opens(Step::Action action, const std::string& on) {
  Step s;
  s.action = action;
  s.on = on;
  return s;
}

TEST(ConnectionWords, ClientsNetgradePlaysAreToldByTheirOrder) {
  std::vector<Step> script = {Opens(Step::Action::kConnect, "c1"),
                              Opens(Step::Action::kConnect, "c2"),
                              Opens(Step::Action::kConnect, "c1"),  // again: still the first
                              Opens(Step::Action::kConnect, "c3")};
  Naming n{.script = &script};
  EXPECT_EQ(ConnectionName(n, "c1"), "the first client");
  EXPECT_EQ(ConnectionName(n, "c3"), "the third client");
  EXPECT_EQ(ConnectionWords(n, "c2"), "the second client's connection");
  EXPECT_EQ(ConnectionWords(n, "c2", "socket"), "the second client's socket");
  std::vector<Step> lone = {Opens(Step::Action::kConnect, "a")};
  EXPECT_EQ(ConnectionName({.script = &lone}, "a"), "the reference client");
}

TEST(ConnectionWords, TheProgramsOwnConnectionsAreToldByTheirOrderWithoutAName) {
  std::vector<Step> script = {Opens(Step::Action::kAccept, "o"),
                              Opens(Step::Action::kNoConnection, "o2")};
  Naming n{.script = &script};
  EXPECT_EQ(ConnectionName(n, "o"), "") << "netgrade's server has no client name";
  EXPECT_EQ(ConnectionWords(n, "o"), "the program's first connection");
  EXPECT_EQ(ConnectionWords(n, "o2"), "the program's second connection");
  std::optional<Opened> o2 = OpenedAt(&script, "o2");
  ASSERT_TRUE(o2.has_value());
  EXPECT_EQ(o2->action, Step::Action::kAccept);
  EXPECT_EQ(o2->nth, 2u);
  EXPECT_EQ(o2->of, 2u);
  std::vector<Step> one = {Opens(Step::Action::kAccept, "o")};
  EXPECT_EQ(ConnectionWords({.script = &one}, "o"), "the program's connection");
}

TEST(ConnectionWords, TheLabsNamesComeFirstTheRolesBeforeTheSpecs) {
  std::vector<Step> script = {Opens(Step::Action::kConnect, "a"),
                              Opens(Step::Action::kConnect, "b")};
  std::map<std::string, std::string> role = {{"a", "browser"}};
  std::map<std::string, std::string> spec = {{"a", "client"}, {"b", "second browser"}};
  Naming n{.role_names = &role, .spec_names = &spec, .script = &script};
  EXPECT_EQ(ConnectionWords(n, "a"), "the browser's connection");
  EXPECT_EQ(ConnectionWords(n, "b"), "the second browser's connection");
}

TEST(ConnectionWords, ALabelTheScriptNeverOpensKeepsItsLabel) {
  std::vector<Step> script = {Opens(Step::Action::kConnect, "a")};
  EXPECT_EQ(ConnectionWords({.script = &script}, "z"), "connection z");
  EXPECT_EQ(ConnectionWords({}, "a"), "connection a");
}

}  // namespace
}  // namespace netgrade::spec
