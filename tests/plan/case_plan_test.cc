#include "harness/plan/case_plan.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"

namespace netgrade::plan {
namespace {

constexpr const char* kSpec = R"(
exercise: plan-test
title: plan test
protocol: udp
roles:
  server:
    names: [server]
    listens: true
    argv: ["--port", "{port}"]
  client:
    names: [client]
    listens: false
    argv: ["{host}:{port}", "{host}"]
    port_via: env
    port_env: SERVER_PORT
  fixed:
    names: [fixed]
    listens: true
    argv: []
    port_via: fixed
    fixed_port: 12000
cases:
  - name: server-dropped
    role: server
    peer:
      connections:
        - send: ["a", "b"]
    faults:
      to_student: {drop: [1]}
      from_student: {drop: [2]}
    expect: {replies: upper}
  - name: client-dropped
    role: client
    stdin: ["one", "two"]
    peer: {reply: "{upper}"}
    faults:
      to_student: {drop: [1]}
      from_student: {drop: [2]}
    expect: {received: stdin, stdout: peer-replies}
  - name: server-own-argv
    role: server
    argv: ["{port}", "7", "http://{host}:{port}/x"]
    peer:
      connections:
        - send: ["a"]
    expect: {replies: upper}
  - name: fixed-plain
    role: fixed
    topology: two-hosts
    peer:
      connections:
        - send: ["a"]
    expect: {replies: upper}
)";

class CasePlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spec::LoadResult loaded = spec::LoadSpecString(kSpec, "plan.yaml");
    ASSERT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].ToString());
    spec_ = *loaded.spec;
    program_.path = "/sub/prog.py";
    program_.command_prefix = {"python3"};
  }
  const spec::Case& Case(const std::string& name) {
    for (const spec::Case& c : spec_.cases)
      if (c.name == name) return c;
    throw std::runtime_error("no case " + name);
  }
  spec::Spec spec_;
  Program program_;
};

TEST_F(CasePlanTest, AListeningStudentGetsTheFaultsToItUpstream) {
  CasePlan p = PlanCase(spec_, Case("server-dropped"), program_, 7);
  ASSERT_TRUE(p.student_listens);
  ASSERT_TRUE(p.proxy.has_value());
  EXPECT_EQ(p.proxy->upstream_is, Direction::kToStudent);
  EXPECT_EQ(p.proxy->upstream.drop, std::vector<int>{1});
  EXPECT_EQ(p.proxy->downstream.drop, std::vector<int>{2});
}

TEST_F(CasePlanTest, AClientStudentSendsUpstreamItself) {
  CasePlan p = PlanCase(spec_, Case("client-dropped"), program_, 7);
  ASSERT_FALSE(p.student_listens);
  ASSERT_TRUE(p.proxy.has_value());
  EXPECT_EQ(p.proxy->upstream_is, Direction::kFromStudent);
  EXPECT_EQ(p.proxy->upstream.drop, std::vector<int>{2});
  EXPECT_EQ(p.proxy->downstream.drop, std::vector<int>{1});
}

TEST_F(CasePlanTest, ACaseWithoutFaultsHasNoProxy) {
  CasePlan p = PlanCase(spec_, Case("fixed-plain"), program_, 7);
  EXPECT_FALSE(p.proxy.has_value());
  EXPECT_TRUE(p.two_hosts);
  EXPECT_EQ(p.fixed_port, 12000);
}

TEST_F(CasePlanTest, TheProxyGetsTheCaseSeedAndTheRunSeedIsKept) {
  CasePlan p = PlanCase(spec_, Case("client-dropped"), program_, 7);
  EXPECT_EQ(p.run_seed, 7u);
  EXPECT_EQ(p.proxy->seed, CaseSeed(7, "client-dropped"));
  EXPECT_NE(p.proxy->seed, 7u);
}

TEST_F(CasePlanTest, ArgvFillsHostAndPortEverywhere) {
  CasePlan p = PlanCase(spec_, Case("client-dropped"), program_, 7);
  EXPECT_EQ(p.Argv("10.0.0.1", 4242),
            (std::vector<std::string>{"python3", "/sub/prog.py", "10.0.0.1:4242", "10.0.0.1"}));
  CasePlan s = PlanCase(spec_, Case("server-dropped"), program_, 7);
  EXPECT_EQ(s.Argv("h", 80), (std::vector<std::string>{"python3", "/sub/prog.py", "--port", "80"}));
}

// A case's own argv replaces its role's, for that case alone, filled in the same way.
TEST_F(CasePlanTest, ACasesOwnArgvReplacesItsRoles) {
  CasePlan own = PlanCase(spec_, Case("server-own-argv"), program_, 7);
  EXPECT_EQ(own.Argv("h", 80),
            (std::vector<std::string>{"python3", "/sub/prog.py", "80", "7", "http://h:80/x"}));
  EXPECT_EQ(spec::PortArgument(spec::CaseArgv(*own.role, *own.test)), 1u);
  CasePlan role = PlanCase(spec_, Case("server-dropped"), program_, 7);
  EXPECT_EQ(spec::PortArgument(spec::CaseArgv(*role.role, *role.test)), 2u);
}

TEST_F(CasePlanTest, ThePortGoesInTheEnvironmentOnlyWhenTheRoleSaysSo) {
  EXPECT_EQ(PlanCase(spec_, Case("client-dropped"), program_, 7).Env(4242),
            std::vector<std::string>{"SERVER_PORT=4242"});
  EXPECT_TRUE(PlanCase(spec_, Case("server-dropped"), program_, 7).Env(4242).empty());
}

TEST_F(CasePlanTest, StdinIsTheCaseLinesEachWithItsNewline) {
  EXPECT_EQ(PlanCase(spec_, Case("client-dropped"), program_, 7).stdin_data, "one\ntwo\n");
}

TEST(CaseSeed, DependsOnTheRunSeedAndTheCaseNameOnly) {
  EXPECT_EQ(CaseSeed(1, "a"), CaseSeed(1, "a"));
  EXPECT_NE(CaseSeed(1, "a"), CaseSeed(2, "a"));
  EXPECT_NE(CaseSeed(1, "a"), CaseSeed(1, "b"));
}

TEST(CaseSeed, StaysTheSameAcrossVersionsSoAGivenSeedReplays) {
  // Pinned values: a student told "--seed 1" must see the same faults in a later version.
  EXPECT_EQ(CaseSeed(1, "client-one-line"), 7365462063771308773ull);
  EXPECT_EQ(CaseSeed(42, ""), 12364861502249705882ull);
}

}  // namespace
}  // namespace netgrade::plan
