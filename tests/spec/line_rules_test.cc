// The instructor's checks as the loader reads them: every form of stdout_*/received_*, the
// exit status and no_traceback; a pattern RE2 refuses, a count without a bound and a
// listening role's received_* are errors at their position.
#include "harness/spec/line_rules.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"

namespace netgrade::spec {
namespace {

// One client case whose expect block is `expect` (indented by six spaces), from line 10.
LoadResult ClientOnly(const std::string& expect) {
  return LoadSpecString(
      "exercise: x\nprotocol: udp\nroles:\n  client: {listens: false}\ncases:\n  - name: one\n"
      "    role: client\n    peer: {reply: '{upper}'}\n    expect:\n" +
          expect,
      "x.yaml");
}

std::string Errors(const LoadResult& r) {
  std::string out;
  for (const SpecError& e : r.errors) out += e.ToString() + "\n";
  return out;
}

TEST(LineRules, ThePingerCanBeWritten) {
  LoadResult r = ClientOnly(
      "      exit_status: 0\n      no_traceback: true\n"
      "      stdout_matches: ['^Reply from ', {pattern: 'timed out$', hint: 'say so'}]\n"
      "      stdout_contains: PING 1\n"
      "      stdout_lines:\n        - 10\n"
      "        - {matching: '^(Reply from .*|Request timed out)$', exactly: 10}\n"
      "        - {matching: '^Reply from ', at_least: 8, hint: 'wait 1 s'}\n"
      "      received_lines: {at_least: 10}\n");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const Expect& e = r.spec->cases[0].expect;
  ASSERT_EQ(e.stdout_rules.size(), 6u);
  EXPECT_EQ(e.stdout_rules[1].kind, LineRule::Kind::kMatches);
  EXPECT_EQ(e.stdout_rules[1].hint, "say so");
  EXPECT_EQ(e.stdout_rules[2].kind, LineRule::Kind::kContains);
  EXPECT_EQ(e.stdout_rules[2].pattern, "PING 1");
  EXPECT_EQ(e.stdout_rules[3].at_least, 10);
  EXPECT_EQ(e.stdout_rules[3].at_most, 10);
  EXPECT_EQ(e.stdout_rules[3].pattern, "");
  EXPECT_EQ(e.stdout_rules[5].at_least, 8);
  EXPECT_EQ(e.stdout_rules[5].at_most, -1);
  ASSERT_EQ(e.received_rules.size(), 1u);
  EXPECT_EQ(e.exit_status, 0);
  EXPECT_EQ(e.exit, ExitRule::kRequired);  // the case waits for it to exit
  EXPECT_TRUE(e.no_traceback);
}

TEST(LineRules, ABadPatternIsAnErrorWithRe2sText) {
  LoadResult r = ClientOnly("      stdout_matches: ['ok', 'Reply (from']\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Errors(r),
            "x.yaml:10:30: the pattern of 'stdout_matches' is not a valid regular expression "
            "(RE2): missing ): Reply (from\n");
  r = ClientOnly("      stdout_lines: {matching: 'a**', at_least: 1}\n");
  EXPECT_NE(Errors(r).find("x.yaml:10:32: the pattern of 'stdout_lines' is not a valid"),
            std::string::npos)
      << Errors(r);
}

TEST(LineRules, ACountNeedsABoundAndAnOrderedRange) {
  EXPECT_NE(Errors(ClientOnly("      stdout_lines: {matching: x}\n"))
                .find("10:21: an item of 'stdout_lines' needs a count"),
            std::string::npos);
  EXPECT_NE(Errors(ClientOnly("      stdout_lines: {exactly: 3, at_least: 1}\n"))
                .find("'exactly' goes alone"),
            std::string::npos);
  EXPECT_NE(Errors(ClientOnly("      stdout_lines: {at_least: 5, at_most: 2}\n"))
                .find("'at_most' (2) is below 'at_least' (5)"),
            std::string::npos);
  EXPECT_NE(
      Errors(ClientOnly("      stdout_lines: {at_lest: 5}\n")).find("did you mean 'at_least'"),
      std::string::npos);
}

TEST(LineRules, AnEmptyPatternWouldHoldForAnyLine) {
  EXPECT_NE(Errors(ClientOnly("      stdout_contains: ['']\n")).find("would hold for any line"),
            std::string::npos);
}

TEST(LineRules, AListeningRoleHasNoReferenceServerToReceive) {
  LoadResult r = LoadSpecString(
      "exercise: x\nprotocol: tcp\nroles:\n  server: {listens: true}\ncases:\n  - name: one\n"
      "    role: server\n    peer: {connections: [{send: [hi]}]}\n    expect:\n"
      "      replies: upper\n      received_contains: [hi]\n",
      "x.yaml");
  EXPECT_NE(Errors(r).find("x.yaml:11:26: role 'server' listens, so there is no reference server "
                           "to receive anything: 'received_contains' is for roles that connect"),
            std::string::npos)
      << Errors(r);
}

TEST(LineRules, ExitStatusAndRunningContradict) {
  LoadResult r = ClientOnly("      exit: running\n      exit_status: 1\n");
  EXPECT_NE(Errors(r).find("x.yaml:11:20: 'exit_status' needs the program to exit by itself"),
            std::string::npos)
      << Errors(r);
  EXPECT_NE(Errors(ClientOnly("      exit_status: 256\n")).find("exit_status"), std::string::npos);
}

TEST(LineRules, AnyOfTheNewChecksIsSomethingToExpect) {
  EXPECT_TRUE(ClientOnly("      no_traceback: true\n").ok());
  EXPECT_TRUE(ClientOnly("      stdout_contains: hi\n").ok());
}

TEST(LineRules, KeysArePrefixed) {
  EXPECT_EQ(LineRuleKeys("received"),
            (std::vector<std::string>{"received_matches", "received_contains", "received_lines"}));
}

// `resends` says how received_lines counts a datagram sent again: only there, and only as
// `counted` or `once`.
TEST(LineRules, ResendsIsForReceivedLinesAlone) {
  const std::string head =
      "exercise: x\nprotocol: udp\nroles: {client: {listens: false}}\ncases:\n"
      "  - name: one\n    role: client\n    peer: {reply: '{upper}'}\n    expect:\n";
  LoadResult ok = LoadSpecString(
      head + "      received_lines: {matching: a, at_most: 3, resends: counted}\n", "r.yaml");
  ASSERT_TRUE(ok.ok()) << ok.errors.front().ToString();
  EXPECT_TRUE(ok.spec->cases[0].expect.received_rules[0].resends_counted);
  LoadResult printed = LoadSpecString(
      head + "      stdout_lines: {matching: a, at_most: 3, resends: counted}\n", "r.yaml");
  ASSERT_FALSE(printed.ok());
  EXPECT_NE(printed.errors.front().ToString().find(
                "r.yaml:9:56: 'resends' says how 'stdout_lines' counts a datagram sent again; "
                "only 'received_lines' counts datagrams"),
            std::string::npos)
      << printed.errors.front().ToString();
  LoadResult wrong = LoadSpecString(
      head + "      received_lines: {matching: a, at_most: 3, resends: all}\n", "r.yaml");
  ASSERT_FALSE(wrong.ok());
}

}  // namespace
}  // namespace netgrade::spec
