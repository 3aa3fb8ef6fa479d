#include "harness/spec/check_spec.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"

namespace netgrade::spec {
namespace {

Spec TwoRoles(Protocol p) {
  Spec s;
  s.protocol = p;
  s.roles = {{.name = "server",
              .names = {"server"},
              .listens = true,
              .argv = {"{port}"},
              .port_env = {},
              .mark = {}},
             {.name = "client",
              .names = {"client"},
              .listens = false,
              .argv = {"{host}", "{port}"},
              .port_env = {},
              .mark = {}}};
  return s;
}

// The messages CheckCase gives the case `c`, read from the YAML text `yaml` (for positions).
std::vector<std::string> Check(const Spec& s, const Case& c, const std::string& yaml,
                               const Unreadable& failed = {}) {
  std::vector<SpecError> errors;
  YamlReader r("t.yaml", &errors);
  CheckCase(s, c, YAML::Load(yaml), r, failed);
  std::vector<std::string> out;
  for (const SpecError& e : errors) out.push_back(e.message);
  return out;
}

Case ServerCase() {
  Case c;
  c.name = "server-one";
  c.role = "server";
  c.peer.connections = {
      {.send = {"hello"}, .draws = {}, .mode = SendMode::kConversation, .mark = {}}};
  c.expect.replies = Transform::kUpper;
  return c;
}

TEST(CheckSpec, AConsistentCaseHasNoError) {
  EXPECT_TRUE(Check(TwoRoles(Protocol::kTcp), ServerCase(), "role: server").empty());
}

TEST(CheckSpec, AListeningRoleNeedsAPeerThatConnects) {
  Case c = ServerCase();
  c.peer.connections.clear();
  c.expect.replies = Transform::kNone;
  std::vector<std::string> e = Check(TwoRoles(Protocol::kTcp), c, "role: server");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("role 'server' listens, so the reference peer must connect"),
            std::string::npos)
      << e[0];
}

TEST(CheckSpec, AnUnknownRoleIsSuggestedTheNearestUnlessItsRoleWasUnreadable) {
  Case c = ServerCase();
  c.role = "sever";
  std::vector<std::string> e = Check(TwoRoles(Protocol::kTcp), c, "role: sever");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0], "unknown role 'sever'; did you mean 'server'?");
  Unreadable failed;
  failed.role = true;
  EXPECT_TRUE(Check(TwoRoles(Protocol::kTcp), c, "role: sever", failed).empty())
      << "one typo, one error: the role was already reported";
}

TEST(CheckSpec, UdpFaultsInATcpSpecAreNamed) {
  Case c = ServerCase();
  c.faults.to_student.drop = {1};
  std::vector<std::string> e = Check(TwoRoles(Protocol::kTcp), c, "faults: {}");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("'drop' is a UDP fault; this spec is TCP"), std::string::npos) << e[0];
}

TEST(CheckSpec, ADatagramBothDroppedAndDuplicatedIsAContradiction) {
  Case c = ServerCase();
  c.faults.to_student.drop = {2};
  c.faults.to_student.duplicate = {2};
  std::vector<std::string> e = Check(TwoRoles(Protocol::kUdp), c, "faults: {}");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("#2 is both dropped and duplicated"), std::string::npos) << e[0];
}

TEST(CheckSpec, AnUnknownPlaceholderInAReplyIsNamed) {
  Case c;
  c.role = "client";
  c.peer.reply = "{lower}";
  std::vector<std::string> e = Check(TwoRoles(Protocol::kTcp), c, "peer: {reply: x}");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("unknown placeholder {lower} in 'reply'"), std::string::npos) << e[0];
}

TEST(CheckSpec, AMessageWithANewlineMustBeSplit) {
  Case c = ServerCase();
  c.peer.connections[0].send = {"two\nlines"};
  std::vector<std::string> e = Check(TwoRoles(Protocol::kTcp), c, "peer: {}");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("holds a newline"), std::string::npos) << e[0];
}

}  // namespace
}  // namespace netgrade::spec
