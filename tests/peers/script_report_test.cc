// What a failed step reports (harness/peers/script_report.cc).
#include <gtest/gtest.h>

#include "harness/peers/script_player.h"
#include "tests/peers/script_fixture.h"

namespace netgrade::peers {
namespace {

using namespace script_test;  // NOLINT: the fixture's steps and students

TEST(ScriptReport, AStepStillWaitingWhenTheCaseEndsIsItsFailure) {
  Fixture f({Step(Action::kConnect, "a"), Send("a", "hello"), Expect("a")});
  Server silent(f.loop, true);
  Fd first = TcpConnectStart(silent.address());
  // No way to see the program: the expect waits for the case to end.
  auto peer =
      MakeScriptPeer(f.loop, f.spec, f.test, {true, silent.address(), {}, nullptr, {}, {}, {}, {}});
  peer->Start();
  f.loop.RunUntil([] { return false; }, Clock::now() + std::chrono::milliseconds(50));
  EXPECT_FALSE(peer->done());
  const ScriptFailure* failure = peer->script_failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->end, ScriptFailure::End::kCaseEnded);
  EXPECT_EQ(failure->step, 3u);
  // A student reads it in a timeout's note: never the spec's line.
  EXPECT_NE(peer->Describe().find(
                "the script was at step 3: expect on the reference client's connection"),
            std::string::npos)
      << peer->Describe();
}

// A chat server's line from a, expected on b: the failure names the send on a that the step
// came after (b sent nothing), so its words do not quote another line; an expect after a send
// on its own connection names none.
TEST(ScriptReport, AnExpectAfterASendOnAnotherConnectionNamesThatSend) {
  Fixture f({Step(Action::kConnect, "a"), Step(Action::kConnect, "b"), Send("a", "hello from a"),
             Expect("b", AnswerKind::kMatches, "hello from a$")});
  Server server(f.loop);  // answers the sender only: b gets nothing
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  const ScriptFailure* failure = peer->script_failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, ScriptFailure::Kind::kNoAnswer);
  EXPECT_EQ(failure->on, "b");
  EXPECT_FALSE(failure->sent.has_value());
  ASSERT_TRUE(failure->last_send.has_value());
  EXPECT_EQ(*failure->last_send, "hello from a");
  EXPECT_EQ(failure->last_send_on, "a");

  Fixture g({Step(Action::kConnect, "a"), Send("a", "hello"), Expect("a", AnswerKind::kSame)});
  Server upper(g.loop);  // answers "HELLO": not the same
  auto own = g.Client(upper.address());
  own->Start();
  ASSERT_TRUE(g.Run(*own));
  ASSERT_NE(own->script_failure(), nullptr);
  EXPECT_EQ(own->script_failure()->sent, "hello");
  EXPECT_FALSE(own->script_failure()->last_send.has_value());
}

// A request of several lines sent with "\r\n" line ends (HTTP): the failure quotes the bytes as
// they went, "\r\n" between the lines, not the spec's "\n" (a lab about those two bytes).
TEST(ScriptReport, ASendOfSeveralLinesIsQuotedWithTheLineEndsItWentWith) {
  spec::Step request = Send("a", "GET / HTTP/1.1\nHost: example.com");
  request.line_end = spec::LineEnd::kCrlf;
  Fixture f({Step(Action::kConnect, "a"), request, Expect("a", AnswerKind::kSame)});
  Server upper(f.loop);  // answers each line upper-cased: not the same
  auto peer = f.Client(upper.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  ASSERT_NE(peer->script_failure(), nullptr);
  EXPECT_EQ(peer->script_failure()->sent, "GET / HTTP/1.1\r\nHost: example.com");
}

TEST(ScriptReport, AConnectionRefusedIsTheConnectStepsFailure) {
  Fixture f({Step(Action::kConnect, "a")});
  uint16_t port = PickFreePort();
  auto peer = f.Client(Address::Parse("127.0.0.1", port));
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  ASSERT_NE(peer->script_failure(), nullptr);
  EXPECT_EQ(peer->script_failure()->kind, ScriptFailure::Kind::kRefused);
}

}  // namespace
}  // namespace netgrade::peers
