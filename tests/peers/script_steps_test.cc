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

TEST(ScriptSteps, UntilReceivedCountsMessagesOnEveryConnectionAndFailsAtRestShortOfThem) {
  Fixture f({Step(Action::kAccept, "a"), Step(Action::kAccept, "b"), [] {
               spec::Step s = Step(Action::kUntilReceived);
               s.count = 3;
               return s;
             }()});
  Address bound;
  auto peer = f.Server(&bound);
  TestClient a(f.loop, bound);
  TestClient b(f.loop, bound);
  a.Send("one\ntwo\n");
  b.Send("three\n");
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  EXPECT_EQ(peer->script_failure(), nullptr);

  Fixture g({[] {
    spec::Step s = Step(Action::kUntilReceived);
    s.count = 3;
    return s;
  }()});
  auto short_of = g.Server(&bound);
  TestClient c(g.loop, bound);
  c.Send("one\ntwo\n");
  ASSERT_TRUE(g.Run(*short_of));
  ASSERT_NE(short_of->script_failure(), nullptr);
  EXPECT_EQ(short_of->script_failure()->kind, ScriptFailure::Kind::kMissingMessage);
  EXPECT_EQ(short_of->script_failure()->count, 3);
  EXPECT_EQ(short_of->script_failure()->got, 2);
}

TEST(ScriptSteps, AUdpServersAnswerAllEndsTheScriptAndAnswersEveryDatagramAfter) {
  Fixture f({Answer("1", -1)}, /*udp=*/true);
  Address bound;
  auto peer = f.Server(&bound);
  ASSERT_TRUE(f.Run(*peer));
  EXPECT_EQ(peer->script_failure(), nullptr);
  TestClient client(f.loop, bound, /*tcp=*/false);
  client.Send("a");
  client.Send("b");
  ASSERT_TRUE(f.loop.RunUntil([&] { return client.got == "AB"; }, Clock::now() + kBound))
      << client.got;
}

TEST(ScriptSteps, AnAnswerStepShortOfMessagesWhenTheClientClosesIsMissingMessage) {
  Fixture f({Step(Action::kAccept, "c"), Answer("c", 3)});
  Address bound;
  auto peer = f.Server(&bound);
  {
    TestClient client(f.loop, bound);
    client.Send("one\n");
    // Its answer read: the close is a FIN (a socket closed with bytes unread resets).
    ASSERT_TRUE(f.loop.RunUntil([&] { return client.got == "ONE\n"; }, Clock::now() + kBound));
  }  // closes
  ASSERT_TRUE(f.Run(*peer));
  ASSERT_NE(peer->script_failure(), nullptr);
  EXPECT_EQ(peer->script_failure()->kind, ScriptFailure::Kind::kMissingMessage);
  EXPECT_EQ(peer->script_failure()->end, ScriptFailure::End::kClosed);
  EXPECT_EQ(peer->script_failure()->got, 1);
}

}  // namespace
}  // namespace netgrade::peers
