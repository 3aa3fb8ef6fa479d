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
      MakeScriptPeer(f.loop, f.spec, f.test, {true, silent.address(), {}, nullptr, {}, {}, {}});
  peer->Start();
  f.loop.RunUntil([] { return false; }, Clock::now() + std::chrono::milliseconds(50));
  EXPECT_FALSE(peer->done());
  const ScriptFailure* failure = peer->script_failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->end, ScriptFailure::End::kCaseEnded);
  EXPECT_EQ(failure->step, 3u);
  EXPECT_NE(peer->Describe().find("the script was at step 3 (line 12): expect on a"),
            std::string::npos)
      << peer->Describe();
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
