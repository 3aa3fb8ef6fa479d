// A case's script as the loader reads it: each step's action and options, in the order written.
#include "harness/spec/script.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/support/words_golden.h"

namespace netgrade::spec {
namespace {

using Action = Step::Action;
using testing_support::ExpectWordsOf;

Spec Good(const std::string& name) {
  LoadResult r = LoadSpecFile(std::string(NETGRADE_SOURCE_DIR) + "/tests/spec/good/" + name);
  for (const SpecError& e : r.errors) ADD_FAILURE() << e.ToString();
  return r.spec.value_or(Spec{});
}

TEST(Script, StepsKeepTheirOrderConnectionAndOptions) {
  Spec spec = Good("script-concurrent.yaml");
  ASSERT_EQ(spec.cases.size(), 1u);
  const std::vector<Step>& s = spec.cases[0].script;
  ASSERT_EQ(s.size(), 19u);
  EXPECT_EQ(s[0].action, Action::kConnect);
  EXPECT_EQ(s[0].on, "a");
  EXPECT_EQ(s[1].on, "2");  // `connect: 2` names connection "2"
  EXPECT_EQ(s[2].action, Action::kSend);
  EXPECT_EQ(s[2].text, "second speaks first");
  EXPECT_TRUE(s[2].newline);
  EXPECT_EQ(s[3].action, Action::kExpect);
  EXPECT_EQ(s[3].answer.kind, Answer::Kind::kUpper);
  EXPECT_EQ(s[3].hint, "serve every client at once: select() or a thread per client");
  EXPECT_FALSE(s[4].newline);
  EXPECT_EQ(s[5].action, Action::kUntilWaiting);
  EXPECT_EQ(s[7].answer.kind, Answer::Kind::kExact);
  EXPECT_EQ(s[7].answer.text, "HALF");
  EXPECT_EQ(s[8].answer.kind, Answer::Kind::kNothing);
  EXPECT_EQ(s[9].action, Action::kReset);
  EXPECT_EQ(s[10].action, Action::kClose);
  EXPECT_EQ(s[11].action, Action::kStopStudent);
  EXPECT_EQ(s[12].action, Action::kStartStudent);
  EXPECT_EQ(s[13].action, Action::kListening);
  EXPECT_EQ(s[13].ms, 1000);
  EXPECT_EQ(s[16].answer.kind, Answer::Kind::kMatches);
  EXPECT_EQ(s[16].answer.text, "^5$");
  EXPECT_EQ(s[18].answer.kind, Answer::Kind::kTemplate);
}

TEST(Script, AClientScriptFeedsStdinAnswersAndRestartsThePeer) {
  Spec spec = Good("script-restart.yaml");
  const std::vector<Step>& s = spec.cases[0].script;
  ASSERT_EQ(s.size(), 12u);
  EXPECT_EQ(s[0].action, Action::kStdin);
  EXPECT_EQ(s[0].text, "one");
  EXPECT_EQ(s[1].action, Action::kAccept);
  EXPECT_EQ(s[2].action, Action::kAnswer);
  EXPECT_EQ(s[2].count, 2);
  EXPECT_EQ(s[5].action, Action::kUntilReceived);
  EXPECT_EQ(s[5].count, 3);
  EXPECT_EQ(s[6].action, Action::kStopPeer);
  EXPECT_EQ(s[7].action, Action::kPause);
  EXPECT_EQ(s[7].ms, 300);
  EXPECT_EQ(s[8].action, Action::kStartPeer);
  EXPECT_EQ(s[10].count, -1);  // answer: all
  EXPECT_EQ(s[11].action, Action::kCloseStdin);
}

std::string All(const LoadResult& r) {
  std::string out;
  for (const SpecError& e : r.errors) out += "\n  " + e.ToString();
  return out;
}

const char* kServerHead = R"(exercise: demo
protocol: tcp
roles:
  server: {listens: true}
cases:
  - name: one
    role: server
    expect: {exit: running}
    script:
)";

// A step written as an alias of another ("- *ask") is placed on its own line, not its
// anchor's: reports and `explain` say "Step 5 (line 14)" where the student's spec has it.
TEST(Script, AnAliasedStepHasItsOwnLineNotItsAnchors) {
  LoadResult r = LoadSpecString(std::string(kServerHead) + R"(      - connect: a
      - &ask
        send: hi
        on: a
      - &answer {expect: upper, on: a}
      - *ask
      - *answer
      - send: bye
        on: a
)",
                                "inline.yaml");
  ASSERT_TRUE(r.spec) << (r.errors.empty() ? "" : r.errors[0].ToString());
  const std::vector<Step>& steps = r.spec->cases[0].script;
  ASSERT_EQ(steps.size(), 6u);
  std::vector<int> lines;
  for (const Step& s : steps) lines.push_back(s.mark.line);
  // kServerHead is 9 lines: the script's first step is on line 10.
  EXPECT_EQ(lines, (std::vector<int>{10, 11, 14, 15, 16, 17}));
  EXPECT_EQ(steps[3].action, Action::kSend);
  EXPECT_EQ(steps[4].action, Action::kExpect);
}

TEST(Script, AHintIsATextOrAMapOfTheKindsOfFailure) {
  LoadResult r = LoadSpecString(std::string(kServerHead) + R"(      - connect: a
      - send: hi
        on: a
      - expect: upper
        on: a
        hint: {wrong: "upper-case every letter", nothing: "answer every line", closed: "stay"}
      - expect: nothing
        on: a
        hint: {extra: "one answer per line"}
      - send: bye
        on: a
      - expect: same
        on: a
        hint: "echo it"
)",
                                "demo.yaml");
  ASSERT_TRUE(r.ok()) << All(r);
  const std::vector<Step>& s = r.spec->cases[0].script;
  EXPECT_EQ(s[2].hints.wrong, "upper-case every letter");
  EXPECT_EQ(s[2].hints.nothing, "answer every line");
  EXPECT_EQ(s[2].hints.closed, "stay");
  EXPECT_EQ(s[2].hints.extra, "");
  EXPECT_EQ(s[2].hint, "");
  EXPECT_EQ(s[3].hints.extra, "one answer per line");
  EXPECT_EQ(s[5].hint, "echo it");
  EXPECT_EQ(s[5].hints.wrong, "");
}

// A connect, an accept or a send can fail too (refused, never connected, the connection gone):
// each takes a hint. In a map, `otherwise` is told for a kind it does not name. A step that
// cannot fail (close, pause) still refuses one.
TEST(Script, ConnectAndSendTakeHintsAndOtherwiseIsTheMapsDefault) {
  LoadResult r = LoadSpecString(std::string(kServerHead) + R"(      - connect: a
        hint: "listen before the client comes"
      - send: hi
        on: a
        hint: {closed: "keep serving", otherwise: "read every request"}
      - expect: upper
        on: a
)",
                                "demo.yaml");
  ASSERT_TRUE(r.ok()) << All(r);
  const std::vector<Step>& s = r.spec->cases[0].script;
  EXPECT_EQ(s[0].hint, "listen before the client comes");
  EXPECT_EQ(s[1].hints.closed, "keep serving");
  EXPECT_EQ(s[1].hint, "read every request");

  LoadResult pause = LoadSpecString(std::string(kServerHead) + R"(      - connect: a
      - pause: 10ms
        hint: "a pause cannot fail"
)",
                                    "demo.yaml");
  ASSERT_EQ(pause.errors.size(), 1u) << All(pause);
  ExpectWordsOf("pause: 10ms, hint", pause.errors[0].message);
}

TEST(Script, AHintMapWithAnUnknownKindIsAnErrorNamingTheKinds) {
  LoadResult r = LoadSpecString(std::string(kServerHead) + R"(      - connect: a
      - send: hi
        on: a
      - expect: upper
        on: a
        hint: {wrongg: "upper-case every letter"}
)",
                                "demo.yaml");
  ASSERT_EQ(r.errors.size(), 1u) << All(r);
  EXPECT_NE(r.errors[0].ToString().find("demo.yaml:15:16:"), std::string::npos) << All(r);
  ExpectWordsOf("hint: {wrongg: ...}", r.errors[0].message);
}

}  // namespace
}  // namespace netgrade::spec
