// What the script peer sees of the program's end of its connections: a connect ends once the
// program accepted it, and one_client_at_a_time needs the program seen asleep reading another
// client while the expected line waited unread.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "harness/peers/script_peer.h"
#include "tests/peers/script_fixture.h"

namespace netgrade::peers {
namespace {

using namespace script_test;  // NOLINT: the fixture's steps and students

// The instructor's correct reference failed when `connect` returned before the server had
// accepted: the script went on while the connection sat in the listening socket's queue.
TEST(ScriptBlocked, AConnectEndsOnlyOnceTheProgramHasAcceptedIt) {
  Fixture f({Step(Action::kConnect, "a"), Step(Action::kClose, "a")});
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  bool accepted = false;
  Fd conn;
  // The "program" accepts late, 150 ms after it could: the step must wait for it.
  f.loop.At(Clock::now() + std::chrono::milliseconds(150), [&] {
    conn = Fd(::accept(listener.get(), nullptr, nullptr));
    accepted = conn.valid();
  });
  auto peer = MakeScriptPeer(
      f.loop, f.spec, f.test,
      {true, LocalAddress(listener.get()), {}, nullptr, [] { return false; }, {}, {}, {}});
  peer->Start();
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  EXPECT_EQ(peer->script_failure(), nullptr);
  EXPECT_TRUE(accepted) << "the script went past connect before the program accepted";
}

// A program seen at rest without accepting (busy with another client) lets the script go on:
// its bug shows at the step that needs an answer, not as a connect that never ended.
TEST(ScriptBlocked, AProgramAtRestThatDoesNotAcceptLetsTheScriptGoOn) {
  Fixture f({Step(Action::kConnect, "a"), Step(Action::kClose, "a")});
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  auto peer = f.Client(LocalAddress(listener.get()));
  peer->Start();
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  EXPECT_EQ(peer->script_failure(), nullptr);
}

// A server that reads every client and loses b's line is not "one client at a time", even
// when it is then seen asleep reading client a: b's line was read, and lost.
TEST(ScriptBlocked, ALineReadAndLostIsNoAnswerNotOneClientAtATime) {
  Fixture f(
      {Step(Action::kConnect, "a"), Step(Action::kConnect, "b"), Send("b", "lost"), Expect("b")});
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  std::vector<std::unique_ptr<Fd>> conns;
  f.loop.Watch(listener.get(), POLLIN, [&](short) {
    int fd = ::accept4(listener.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    conns.push_back(std::make_unique<Fd>(fd));
    f.loop.Watch(fd, POLLIN, [fd](short) {
      char buf[256];
      while (::recv(fd, buf, sizeof buf, 0) > 0) {
      }
    });
  });
  // Seen asleep reading client a's socket (the first accepted).
  auto reading = [&] {
    std::vector<uint64_t> out;
    struct stat st{};
    if (!conns.empty() && ::fstat(conns.front()->get(), &st) == 0) out.push_back(st.st_ino);
    return out;
  };
  auto peer = f.Client(LocalAddress(listener.get()), nullptr, {}, reading);
  peer->Start();
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  for (const auto& c : conns) f.loop.Unwatch(c->get());
  f.loop.Unwatch(listener.get());
  ASSERT_NE(peer->script_failure(), nullptr);
  EXPECT_EQ(peer->script_failure()->kind, ScriptFailure::Kind::kNoAnswer);
}

// The same one-at-a-time server, but not seen asleep in recv() on a (as a server asleep in
// select() is not, or where the grader cannot see): no evidence, so no such claim.
TEST(ScriptBlocked, WithoutSeeingWhereTheServerSleepsItIsNoAnswer) {
  Fixture f({Step(Action::kConnect, "a"), Step(Action::kConnect, "b"),
             Send("b", "second speaks first"), Expect("b")});
  Server server(f.loop, /*one_at_a_time=*/true);
  auto peer = f.Client(server.address(), nullptr, {}, [] { return std::vector<uint64_t>{}; });
  peer->Start();
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  ASSERT_NE(peer->script_failure(), nullptr);
  EXPECT_EQ(peer->script_failure()->kind, ScriptFailure::Kind::kNoAnswer);
}

// Where the grader may not name the socket it sleeps on (a default Docker container), one
// socket is still evidence: the client it serves is the first it accepted, said as likely.
TEST(ScriptBlocked, AsleepOnASocketItMayNotNameIsStillOneClientAtATime) {
  Fixture f({Step(Action::kConnect, "a"), Step(Action::kConnect, "b"),
             Send("b", "second speaks first"), Expect("b")});
  Server server(f.loop, /*one_at_a_time=*/true);
  auto peer = f.Client(server.address(), nullptr, {}, [] { return std::vector<uint64_t>{0}; });
  peer->Start();
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  ASSERT_NE(peer->script_failure(), nullptr);
  EXPECT_EQ(peer->script_failure()->kind, ScriptFailure::Kind::kOneClientAtATime);
  EXPECT_EQ(peer->script_failure()->silent, "a");
  EXPECT_FALSE(peer->script_failure()->other_seen);
}

}  // namespace
}  // namespace netgrade::peers
