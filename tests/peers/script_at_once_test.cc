// A script's captured groups reused in later steps, and its `at_once` sends written in one
// turn with the program held (harness/peers/script_at_once.cc).
#include <gtest/gtest.h>

#include "harness/peers/script_player.h"
#include "tests/peers/script_fixture.h"

namespace netgrade::peers {
namespace {

using namespace script_test;  // NOLINT: the fixture's steps and students

// The server's own number, captured by a `matches`, comes back in a later send and template.
TEST(ScriptAtOnce, AGroupCapturedByMatchesFillsLaterSendsAndTemplates) {
  Fixture f({Step(Action::kConnect, "a"), Send("a", "ping"),
             Expect("a", AnswerKind::kMatches, R"(^PONG (?P<num>\d+)$)"), Send("a", "got {num}"),
             Expect("a", AnswerKind::kTemplate, "GOT {num}")});
  Server server(f.loop, false, [](const std::string& line) -> std::string {
    if (line == "ping") return "PONG 42";
    std::string up = line;
    for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return up;
  });
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  EXPECT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  EXPECT_EQ(peer->log()[0].sent, (std::vector<std::string>{"ping", "got 42"}));
}

// A server that answers with another number than the one captured fails the template.
TEST(ScriptAtOnce, ATemplateWithACaptureFailsOnAnotherValue) {
  Fixture f({Step(Action::kConnect, "a"), Send("a", "ping"),
             Expect("a", AnswerKind::kMatches, R"(^PONG (?P<num>\d+)$)"), Send("a", "again"),
             Expect("a", AnswerKind::kTemplate, "PONG {num}")});
  int n = 0;
  Server server(f.loop, false, [&n](const std::string&) { return "PONG " + std::to_string(++n); });
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  const ScriptFailure* failure = peer->script_failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, ScriptFailure::Kind::kWrongAnswer);
  EXPECT_EQ(failure->expected, "'PONG 1'");
  EXPECT_EQ(failure->received, "PONG 2");
}

class HoldingControl : public FakeControl {
 public:
  bool Hold() override {
    calls.push_back("hold");
    return true;
  }
  void Release() override { calls.push_back("release"); }
};

// Two sends joined by at_once are written between one Hold and its Release, and both answered.
TEST(ScriptAtOnce, SendsJoinedAtOnceAreWrittenWhileTheProgramIsHeld) {
  spec::Step second = Send("b", "two");
  second.at_once = true;
  Fixture f({Step(Action::kConnect, "a"), Step(Action::kConnect, "b"), Send("a", "one"), second,
             Expect("a"), Expect("b")});
  Server server(f.loop);
  HoldingControl control;
  auto peer = f.Client(server.address(), &control);
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  EXPECT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  EXPECT_EQ(control.calls, (std::vector<std::string>{"hold", "release"}));
  EXPECT_EQ(peer->log()[0].sent, std::vector<std::string>{"one"});
  EXPECT_EQ(peer->log()[1].sent, std::vector<std::string>{"two"});
}

// Without at_once the program is never held.
TEST(ScriptAtOnce, SendsNotJoinedHoldNothing) {
  Fixture f({Step(Action::kConnect, "a"), Step(Action::kConnect, "b"), Send("a", "one"),
             Send("b", "two"), Expect("a"), Expect("b")});
  Server server(f.loop);
  HoldingControl control;
  auto peer = f.Client(server.address(), &control);
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  EXPECT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  EXPECT_TRUE(control.calls.empty());
}

}  // namespace
}  // namespace netgrade::peers
