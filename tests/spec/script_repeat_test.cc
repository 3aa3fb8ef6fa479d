// `repeat` in a script: a step or a block written once, copied as many times as it says, each
// copy knowing its round, drawing its own messages, and each mistake told once.
#include "harness/spec/script_repeat.h"

#include <gtest/gtest.h>

#include "harness/spec/draw.h"
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

TEST(ScriptRepeat, AStepIsCopiedAsManyTimesAsItSays) {
  LoadResult r = ServerScript(R"(      - connect: a
      - send: hello
        on: a
        repeat: 3
      - expect: upper
        on: a
)");
  ASSERT_TRUE(r.ok()) << All(r);
  const std::vector<Step>& s = r.spec->cases[0].script;
  ASSERT_EQ(s.size(), 5u);
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(s[i].action, Action::kSend);
    EXPECT_EQ(s[i].text, "hello");
    EXPECT_EQ(s[i].mark.line, 11) << "every copy is the line written";
    EXPECT_EQ(RoundWords(s[i]), ", round " + std::to_string(i) + " of 3");
  }
  EXPECT_EQ(RoundWords(s[4]), "") << "a step no repeat copied has no round";
}

TEST(ScriptRepeat, ABlockIsPlayedInOrderRoundAfterRound) {
  LoadResult r = ServerScript(R"(      - connect: a
      - repeat: 2
        steps:
          - send: {draw: words}
            on: a
          - expect: upper
            on: a
          - repeat: 2
            steps:
              - send: "x"
                on: a
)");
  ASSERT_TRUE(r.ok()) << All(r);
  const std::vector<Step>& s = r.spec->cases[0].script;
  ASSERT_EQ(s.size(), 1u + 2 * (2 + 2));
  std::vector<Action> order;
  for (const Step& step : s) order.push_back(step.action);
  EXPECT_EQ(order, (std::vector<Action>{Action::kConnect, Action::kSend, Action::kExpect,
                                        Action::kSend, Action::kSend, Action::kSend,
                                        Action::kExpect, Action::kSend, Action::kSend}));
  EXPECT_EQ(RoundWords(s[1]), ", round 1 of 2");
  EXPECT_EQ(RoundWords(s[8]), ", round 2 of 2, 2 of 2") << "outer round first";
  // Each copy draws its own words: a program cannot answer round 2 with round 1's line.
  Spec drawn = DrawMessages(*r.spec, 7);
  EXPECT_NE(drawn.cases[0].script[1].text, drawn.cases[0].script[5].text);
  EXPECT_EQ(DrawMessages(*r.spec, 7).cases[0].script[5].text, drawn.cases[0].script[5].text);
}

TEST(ScriptRepeat, ACountOutOfRangeOrABlockWithoutStepsIsAnErrorAtItsPlace) {
  LoadResult zero = ServerScript(
      "      - connect: a\n      - send: x\n        on: a\n"
      "        repeat: 0\n");
  ASSERT_EQ(zero.errors.size(), 1u) << All(zero);
  EXPECT_EQ(zero.errors[0].mark.line, 13) << zero.errors[0].ToString();
  ExpectWordsOf("repeat: 0", zero.errors[0].message);

  LoadResult word = ServerScript(
      "      - connect: a\n      - repeat: often\n        steps: "
      "[{send: x, on: a}]\n");
  ASSERT_EQ(word.errors.size(), 1u) << All(word);
  ExpectWordsOf("repeat: often", word.errors[0].message);

  LoadResult bare = ServerScript("      - connect: a\n      - repeat: 2\n");
  ASSERT_EQ(bare.errors.size(), 1u) << All(bare);
  ExpectWordsOf("repeat: 2 without steps", bare.errors[0].message);
}

TEST(ScriptRepeat, AScriptCannotGrowPastItsCap) {
  LoadResult r = ServerScript(R"(      - connect: a
      - repeat: 1000
        steps:
          - repeat: 1000
            steps:
              - send: x
                on: a
)");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(All(r).find("longer than 10000 steps"), std::string::npos) << All(r);
}

// A mistake in a repeated step is one mistake: told once, not once per copy.
TEST(ScriptRepeat, AMistakeInARepeatedStepIsToldOnce) {
  LoadResult r = ServerScript(R"(      - connect: a
      - send: "DONE {seq}"
        on: a
        repeat: 5
      - expect: {matches: '^ACK (?P<seq>\d+)$'}
        on: a
)");
  ASSERT_EQ(r.errors.size(), 1u) << All(r);
  EXPECT_EQ(r.errors[0].mark.line, 11) << r.errors[0].ToString();
}

}  // namespace
}  // namespace netgrade::spec
