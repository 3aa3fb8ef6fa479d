// `roles:` as the loader reads it: each role's keys, its defaults and its errors.
#include "harness/spec/roles.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/spec/read_node.h"
#include "tests/support/words_golden.h"

namespace netgrade::spec {
namespace {

using read_node::All;
using testing_support::ExpectWordsOf;

struct RolesRead {
  std::vector<Role> roles;
  std::set<std::string> uncertain;
};

read_node::Read<RolesRead> Roles(const std::string& yaml) {
  return read_node::ReadNode<RolesRead>(yaml,
                                        [](const YAML::Node& n, YamlReader& r, RolesRead* out) {
                                          LoadRoles(n, r, &out->roles, &out->uncertain);
                                        });
}

TEST(Roles, AServerGetsItsPortAndAClientItsHostAndPort) {
  auto r = Roles(
      "{server: {listens: true, names: [server, TCPServer, server]}, "
      "client: {listens: false}}");
  ASSERT_TRUE(r.errors.empty()) << All(r.errors);
  ASSERT_EQ(r.value.roles.size(), 2u);
  EXPECT_EQ(r.value.roles[0].name, "server");
  EXPECT_EQ(r.value.roles[0].names, (std::vector<std::string>{"server", "TCPServer"}));
  EXPECT_EQ(r.value.roles[0].argv, std::vector<std::string>{"{port}"});
  EXPECT_EQ(r.value.roles[0].port_via, PortVia::kArgv);
  EXPECT_EQ(r.value.roles[1].argv, (std::vector<std::string>{"{host}", "{port}"}));
  EXPECT_EQ(r.value.roles[1].mark.line, 1);
  EXPECT_TRUE(r.value.uncertain.empty());
}

TEST(Roles, APortFromTheEnvironmentOrFixedNeedsItsKey) {
  auto good = Roles(
      "server: {listens: true, port_via: env, port_env: PORT}\n"
      "other: {listens: true, port_via: fixed, fixed_port: 12000}\n");
  ASSERT_TRUE(good.errors.empty()) << All(good.errors);
  EXPECT_EQ(good.value.roles[0].port_env, "PORT");
  EXPECT_EQ(good.value.roles[1].fixed_port, 12000);

  auto bad = Roles("server: {listens: true, port_via: env, fixed_port: 12000}\n");
  ASSERT_EQ(bad.errors.size(), 2u) << All(bad.errors);
  EXPECT_EQ(bad.errors[0].message,
            "role 'server' has port_via: env but no 'port_env' naming the variable");
  EXPECT_EQ(bad.errors[1].message, "'fixed_port' goes with port_via: fixed");
}

// Where `listens` cannot be read, the rules that depend on it are not checked for its cases.
TEST(Roles, ARoleWhoseListensCannotBeReadIsUncertain) {
  auto r = Roles("{a: {listens: yes}, b: {argv: []}, c: [x], d: {listens: false}}");
  EXPECT_EQ(r.value.uncertain, (std::set<std::string>{"a", "b", "c"})) << All(r.errors);
  EXPECT_EQ(r.value.roles.size(), 4u);
}

TEST(Roles, NoRolesOrABadNameIsAnError) {
  EXPECT_EQ(Roles("{}").errors.at(0).message,
            "expected 'roles' to be a map of role names to roles, found an empty map");
  auto r = Roles("{\"my server\": {listens: true}}");
  ASSERT_EQ(r.errors.size(), 1u) << All(r.errors);
  EXPECT_EQ(r.errors[0].message.rfind("a role name names the program, so it may hold only "
                                      "letters, digits, '-' and '_', found",
                                      0),
            0u)
      << All(r.errors);
}

// A spec with six cases of role 'server', whose role block is `role_block`.
std::string ServerSpec(const std::string& role_block) {
  std::string yaml = "exercise: x\nprotocol: tcp\nroles:\n  server:\n" + role_block + "cases:\n";
  for (int i = 1; i <= 6; ++i)
    yaml += "  - name: c" + std::to_string(i) +
            "\n    role: server\n    peer: {connections: [{send: [hi]}]}\n"
            "    expect: {replies: upper}\n";
  return yaml;
}

TEST(Roles, AHugePlaceholderInArgvIsReportedShortNotACrash) {
  std::string yaml =
      ServerSpec("    listens: true\n    argv: [\"{" + std::string(30000, 'a') + "}\"]\n");
  LoadResult r = LoadSpecString(yaml, "f.yaml");
  ASSERT_EQ(r.errors.size(), 1u) << All(r.errors);
  ExpectWordsOf("argv: [{30000 a}]", r.errors[0].message);
  EXPECT_LT(r.errors[0].message.size(), 200u);
}

// The misspelt key makes 'listens' unknown: the six cases that depend on it say nothing more.
TEST(Roles, OneMisspeltRoleKeyGivesOneError) {
  LoadResult r = LoadSpecString(ServerSpec("    listen: true\n"), "f.yaml");
  ASSERT_EQ(r.errors.size(), 1u) << All(r.errors);
  ExpectWordsOf("listen: true", r.errors[0].message);
}

}  // namespace
}  // namespace netgrade::spec
