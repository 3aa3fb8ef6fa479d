// The rules that tie a case's script to its case, checked as the loader reads the spec: what
// is open at each step, which side connects, the protocol, and no follow-on error from a step
// that could not be read.
#include "harness/spec/script_rules.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/spec/read_node.h"
#include "tests/support/words_golden.h"

namespace netgrade::spec {
namespace {

using Action = Step::Action;

using read_node::All;
using testing_support::ExpectWordsOf;

// A spec whose one case, of a listening role, has the script `steps` (its first step on line
// 10).
LoadResult ServerScript(const std::string& steps) {
  return LoadSpecString(
      "exercise: demo\nprotocol: tcp\nroles:\n  server: {listens: true}\ncases:\n"
      "  - name: one\n    role: server\n    expect: {exit: running}\n    script:\n" +
          steps,
      "demo.yaml");
}

TEST(ScriptRules, OnlyExpectListeningAndReceivedCountAsChecks) {
  std::vector<Step> steps(3);
  steps[0].action = Action::kConnect;
  steps[1].action = Action::kSend;
  steps[2].action = Action::kPause;
  EXPECT_FALSE(ScriptChecks(steps));
  for (Action a : {Action::kExpect, Action::kListening, Action::kUntilReceived}) {
    steps[2].action = a;
    EXPECT_TRUE(ScriptChecks(steps)) << StepName(a);
  }
}

TEST(ScriptRules, AStoppedPeerClosedItsConnectionsSoTheyMustBeAcceptedAgain) {
  LoadResult r = LoadSpecString(R"(exercise: demo
protocol: tcp
roles:
  client: {listens: false, argv: ["{host}", "{port}"]}
cases:
  - name: one
    role: client
    stdin: [hi]
    peer: {reply: "{upper}"}
    script:
      - accept: a
      - stop: peer
      - start: peer
      - answer: all
        on: a
    expect: {exit: required}
)",
                                "demo.yaml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].ToString(),
            "demo.yaml:14:9: 'answer' on connection 'a', which is not open at this step: open it "
            "first with 'accept: a'");
}

TEST(ScriptRules, StopPeerAndFaultsCannotGoTogether) {
  LoadResult r = LoadSpecString(R"(exercise: demo
protocol: udp
roles:
  client: {listens: false, argv: ["{host}", "{port}"]}
cases:
  - name: one
    role: client
    stdin: [hi]
    peer: {reply: "{upper}"}
    faults: {from_student: {drop: [1]}}
    script:
      - stop: peer
      - start: peer
      - answer: all
    expect: {exit: required}
)",
                                "demo.yaml");
  ASSERT_GE(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].ToString().find("12:9: 'stop peer' closes or opens the peer's own port"),
            std::string::npos)
      << r.errors[0].ToString();
}

// A typo in one step used to hide every rule of the script until it was fixed: the author
// fixed one error, ran again, and only then learnt of the next.
TEST(ScriptRules, ASyntaxErrorInOneStepDoesNotHideTheMeaningErrorsOfTheOthers) {
  LoadResult r = ServerScript(R"(      - connect: a
      - send: hi
        on: a
        within: 2s
      - expect: upper
        on: b
      - stop: studnet
      - start: student
      - close: a
      - send: again
        on: a
)");
  ASSERT_EQ(r.errors.size(), 4u) << All(r);
  // In file order: the option a send cannot have, the connection never opened, the typo.
  EXPECT_EQ(r.errors[0].mark.line, 13) << All(r);
  ExpectWordsOf("send: hi, within: 2s", r.errors[0].message);
  EXPECT_EQ(r.errors[1].mark.line, 14) << All(r);
  ExpectWordsOf("expect: upper, on: b", r.errors[1].message);
  EXPECT_EQ(r.errors[2].mark.line, 16) << All(r);
  ExpectWordsOf("stop: studnet", r.errors[2].message);
  // After the unreadable stop, whether the program runs is unknown: 'start: student' is not
  // blamed; but the send after 'close: a' is still an error of its own.
  EXPECT_EQ(r.errors[3].mark.line, 19) << All(r);
  ExpectWordsOf("send: again, on: a", r.errors[3].message);
}

TEST(ScriptRules, AStepThatCouldNotBeReadMayHaveOpenedAConnectionSoNoFollowOnError) {
  LoadResult r = ServerScript(R"(      - connect: "a b"
      - send: hi
        on: "a b"
      - connect: c
      - connect: c
)");
  // The bad name twice, and the connection opened twice (c is known); nothing about 'a b'
  // being unopened, which only the bad name caused.
  ASSERT_EQ(r.errors.size(), 3u) << All(r);
  EXPECT_EQ(r.errors[0].mark.line, 10);
  EXPECT_EQ(r.errors[1].mark.line, 12);
  EXPECT_EQ(r.errors[2].mark.line, 14);
  ExpectWordsOf("connect: c, twice", r.errors[2].message);
}

TEST(ScriptRules, ErrorsAreBoundedWithACountOfTheRest) {
  std::string yaml;
  yaml += "      - connect: a\n";
  for (int i = 0; i < 80; ++i) yaml += "      - send: x\n        on: z\n";
  LoadResult r = ServerScript(yaml);
  ASSERT_EQ(r.errors.size(), kMostErrors + 1) << All(r);
  EXPECT_EQ(r.errors.back().ToString(),
            "demo.yaml: and 30 more errors after these: fix these first");
  EXPECT_EQ(r.errors[0].mark.line, 11);
}

// A program in the middle (a web proxy): its role listens, and the script both connects to
// it and accepts the connections it opens to the peer's own server.
TEST(ScriptRules, AListeningRolesScriptMayAlsoAcceptThePeersOwnServerConnections) {
  LoadResult r = ServerScript(
      "      - connect: a\n"
      "      - send: \"GET http://origin.test:{origin_port}/ HTTP/1.0\"\n"
      "        on: a\n"
      "      - accept: o\n"
      "      - expect: {matches: '^GET / HTTP/1\\.0 {origin_port}$'}\n"
      "        on: o\n"
      "      - no_connection: o2\n"
      "        hint: cache it\n");
  ASSERT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].ToString());
  const Case& c = r.spec->cases[0];
  EXPECT_TRUE(PlaysBothSides(c, true));
  EXPECT_FALSE(PlaysBothSides(c, false));
  EXPECT_EQ(c.script[4].action, Action::kNoConnection);
  EXPECT_EQ(c.script[4].on, "o2");
  EXPECT_EQ(c.script[4].hint, "cache it");
}

TEST(ScriptRules, AListeningRolesScriptWithoutAcceptPlaysOneSide) {
  LoadResult r = ServerScript("      - connect: a\n      - send: hi\n        on: a\n");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(PlaysBothSides(r.spec->cases[0], true));
}

TEST(ScriptRules, NoConnectionIsTcp) {
  LoadResult r = LoadSpecString(R"(exercise: demo
protocol: udp
roles:
  server: {listens: true}
cases:
  - name: one
    role: server
    expect: {exit: running}
    script:
      - connect: a
      - no_connection: b
)",
                                "demo.yaml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].ToString(),
            "demo.yaml:11:9: 'no_connection' is TCP; over UDP, 'expect: nothing' says that no "
            "datagram comes");
}

}  // namespace
}  // namespace netgrade::spec
