// The script peer's steps one kind at a time (harness/peers/script_steps.cc).
#include <gtest/gtest.h>

#include "harness/peers/script_player.h"
#include "tests/peers/script_fixture.h"

namespace netgrade::peers {
namespace {

using namespace script_test;  // NOLINT: the fixture's steps and students

TEST(ScriptSteps, HalfALineIsCompletedByTheNextSendAndAnsweredWhole) {
  Fixture f({Step(Action::kConnect, "a"), Send("a", "hal", /*newline=*/false),
             Step(Action::kUntilWaiting), Send("a", "lo"), Expect("a")});
  Server server(f.loop);
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  ASSERT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  EXPECT_EQ(peer->log()[0].sent, std::vector<std::string>{"hallo"});
  EXPECT_EQ(peer->log()[0].received, "HALLO\n");
}

TEST(ScriptSteps, ExpectsExactTextPatternsAndTemplates) {
  Fixture f({Step(Action::kConnect, "a"), Send("a", "ping"),
             Expect("a", AnswerKind::kMatches, R"(^PONG \d+$)"), Send("a", "add 2 3"),
             Expect("a", AnswerKind::kExact, "5"), Send("a", "echo"),
             Expect("a", AnswerKind::kTemplate, "got {line} #{n} {upper}")});
  Server server(f.loop, false, [](const std::string& line) -> std::string {
    if (line == "ping") return "PONG 42";
    if (line == "add 2 3") return "5";
    return "got echo #3 ECHO";
  });
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  EXPECT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
}

TEST(ScriptSteps, AWrongAnswerNamesWhatWasSentExpectedAndReceived) {
  Fixture f({Step(Action::kConnect, "a"), Send("a", "hello"), Expect("a")});
  Server echo(f.loop, false, [](const std::string& line) { return line; });
  auto peer = f.Client(echo.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  const ScriptFailure* failure = peer->script_failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, ScriptFailure::Kind::kWrongAnswer);
  EXPECT_EQ(failure->end, ScriptFailure::End::kImmediate);
  EXPECT_EQ(failure->sent, "hello");
  EXPECT_EQ(failure->expected, "'HELLO'");
  EXPECT_EQ(failure->received, "hello");
}

TEST(ScriptSteps, ExpectNothingPassesInSilenceAndFailsOnAnAnswer) {
  Fixture f(
      {Step(Action::kConnect, "a"), Send("a", "hal", false), Expect("a", AnswerKind::kNothing)});
  Server server(f.loop);
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  EXPECT_EQ(peer->script_failure(), nullptr);

  Fixture g({Step(Action::kConnect, "a"), Send("a", "hi"), Expect("a", AnswerKind::kNothing)});
  Server chatty(g.loop);
  auto loud = g.Client(chatty.address());
  loud->Start();
  ASSERT_TRUE(g.Run(*loud));
  ASSERT_NE(loud->script_failure(), nullptr);
  EXPECT_EQ(loud->script_failure()->kind, ScriptFailure::Kind::kUnexpectedAnswer);
  EXPECT_EQ(loud->script_failure()->received, "HI");
}

}  // namespace
}  // namespace netgrade::peers
