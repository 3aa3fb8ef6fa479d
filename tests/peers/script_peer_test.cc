#include "harness/peers/script_peer.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "tests/peers/script_fixture.h"

namespace netgrade::peers {
namespace {

using namespace script_test;  // NOLINT: the fixture's steps and students

TEST(ScriptPeer, AConcurrentServerAnswersTheSecondClientWhileTheFirstIsSilent) {
  Fixture f({Step(Action::kConnect, "a"), Step(Action::kConnect, "b"),
             Send("b", "second speaks first"), Expect("b"), Send("a", "first"), Expect("a"),
             Step(Action::kClose, "a"), Step(Action::kClose, "b")});
  Server server(f.loop);
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  ASSERT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  ASSERT_EQ(peer->log().size(), 2u);
  EXPECT_EQ(peer->log()[1].received, "SECOND SPEAKS FIRST\n");
  EXPECT_EQ(peer->log()[0].sent, std::vector<std::string>{"first"});
  EXPECT_TRUE(peer->log()[0].complete);
}

TEST(ScriptPeer, AOneAtATimeServerFailsOnTheSecondClientAsSoonAsItIsSeenAtRest) {
  Fixture f({Step(Action::kConnect, "a"), Step(Action::kConnect, "b"),
             Send("b", "second speaks first"), Expect("b")});
  f.test.script.back().hint = "use select()";
  Server server(f.loop, /*one_at_a_time=*/true);
  auto peer = f.Client(server.address(), nullptr, {}, [&] { return server.Reading(); });
  TimePoint start = Clock::now();
  peer->Start();
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(900));
  const ScriptFailure* failure = peer->script_failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, ScriptFailure::Kind::kOneClientAtATime);
  EXPECT_EQ(failure->end, ScriptFailure::End::kAtRest);
  EXPECT_EQ(failure->on, "b");
  EXPECT_EQ(failure->silent, "a");
  EXPECT_EQ(failure->step, 4u);
  EXPECT_EQ(failure->line, 13);
  EXPECT_EQ(failure->sent, "second speaks first");
  EXPECT_EQ(failure->expected_text, "SECOND SPEAKS FIRST");
  EXPECT_EQ(failure->hint, "use select()");
}

TEST(ScriptPeer, ANoAnswerWithNoOtherClientSilentIsNoAnswer) {
  Fixture f({Step(Action::kConnect, "a"), Send("a", "hello"), Expect("a")});
  Server server(f.loop, false, [](const std::string&) { return std::string(); });
  // The server answers with an empty line: the expect takes it as a wrong answer.
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  ASSERT_NE(peer->script_failure(), nullptr);
  EXPECT_EQ(peer->script_failure()->kind, ScriptFailure::Kind::kWrongAnswer);
  EXPECT_EQ(peer->script_failure()->received, "");

  Fixture g({Step(Action::kConnect, "a"), Send("a", "hello"), Expect("a")});
  Server silent(g.loop, /*one_at_a_time=*/true);
  Fd first = TcpConnectStart(silent.address());  // takes the server's only attention
  auto quiet = g.Client(silent.address());
  quiet->Start();
  ASSERT_TRUE(g.Run(*quiet));
  ASSERT_NE(quiet->script_failure(), nullptr);
  EXPECT_EQ(quiet->script_failure()->kind, ScriptFailure::Kind::kNoAnswer);
}

// A waiting step decides the program's rest at once only when nothing is in flight at two
// looks in a row: one sure look between two unsure ones (bytes on their way, seen by the probe)
// decides nothing, as Nagle's bytes released while the grader looked once made a filled-in SMTP
// client's blank line "nothing" (issue 24). rest_for is 20 s: only the sure decision ends it.
TEST(ScriptPeer, AWaitingStepDecidesRestOnlyWhenSureAtTwoLooksInARow) {
  Fixture f({Step(Action::kConnect, "a"), Expect("a", AnswerKind::kNothing)});
  Server server(f.loop);
  Thresholds t;
  t.rest_for = std::chrono::seconds(20);
  std::vector<bool> said;  // what the probe answered, look by look
  auto surely = [&] {
    said.push_back(said.size() >= 6 || said.size() % 2 == 0);  // T F T F T F, then T T...
    return said.back();
  };
  auto peer =
      MakeScriptPeer(f.loop, f.spec, f.test,
                     {true, server.address(), t, nullptr, [] { return true; }, {}, surely, {}});
  TimePoint start = Clock::now();
  peer->Start();
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5)) << "decided by rest_for, not surely";
  EXPECT_EQ(peer->script_failure(), nullptr);
  ASSERT_GE(said.size(), 8u) << "decided on a sure look that followed an unsure one";
  EXPECT_TRUE(said[said.size() - 1] && said[said.size() - 2]);
}

TEST(ScriptPeer, AResetClientLeavesTheOthersServed) {
  Fixture f({Step(Action::kConnect, "a"), Step(Action::kConnect, "b"), Send("a", "x"), Expect("a"),
             Step(Action::kReset, "a"), Send("b", "y"), Expect("b")});
  Server server(f.loop);
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  ASSERT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  // The server saw the reset (a later read of it failed), not a close.
  ASSERT_TRUE(f.loop.RunUntil([&] { return server.resets == 1; }, Clock::now() + kBound));
}

TEST(ScriptPeer, StepsOnTheCaseGoToTheControlInOrderWithTheBoundScaled) {
  Fixture f({Step(Action::kStopStudent), Step(Action::kStartStudent), Step(Action::kListening),
             Step(Action::kStdin, "1", "a line"), Step(Action::kCloseStdin),
             Step(Action::kUntilWaiting)});
  f.test.script[2].ms = 1000;
  FakeControl control;
  Server server(f.loop);
  auto peer = f.Client(server.address(), &control, Thresholds{}.Scaled(2));
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  EXPECT_EQ(peer->script_failure(), nullptr);
  EXPECT_EQ(control.calls,
            (std::vector<std::string>{"stop", "start", "listening 2000", "stdin a line",
                                      "close stdin", "until waiting"}));
}

TEST(ScriptPeer, NotListeningAgainWithinTheBoundFailsTheListeningStep) {
  Fixture f({Step(Action::kStopStudent), Step(Action::kStartStudent), Step(Action::kListening)});
  FakeControl control;
  control.listening = false;
  auto peer = f.Client(Address::Parse("127.0.0.1", 1), &control);
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  ASSERT_NE(peer->script_failure(), nullptr);
  EXPECT_EQ(peer->script_failure()->kind, ScriptFailure::Kind::kNotListeningAgain);
  EXPECT_EQ(peer->script_failure()->step, 3u);
}

TEST(ScriptPeer, AStepOnTheCaseWithoutAControlIsTheGradersProblem) {
  Fixture f({Step(Action::kStopStudent)});
  auto peer = f.Client(Address::Parse("127.0.0.1", 1));
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  ASSERT_NE(peer->script_failure(), nullptr);
  EXPECT_EQ(peer->script_failure()->kind, ScriptFailure::Kind::kGrader);
}

TEST(ScriptPeer, AsServerItAnswersNMessagesThenAllUntilTheClientCloses) {
  Fixture f({Step(Action::kAccept, "c"), Answer("c", 2), Answer("c", -1)});
  Address bound;
  auto peer = f.Server(&bound);
  TestClient client(f.loop, bound);
  ASSERT_TRUE(f.loop.RunUntil([&] { return !peer->log().empty(); }, Clock::now() + kBound));
  client.Send("one\ntwo\nthree\n");
  ::shutdown(client.fd.get(), SHUT_WR);
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  EXPECT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  EXPECT_EQ(peer->log()[0].replies_sent, (std::vector<std::string>{"ONE", "TWO", "THREE"}));
  ASSERT_TRUE(f.loop.RunUntil([&] { return client.got.size() >= 14; }, Clock::now() + kBound));
  EXPECT_EQ(client.got, "ONE\nTWO\nTHREE\n");
}

TEST(ScriptPeer, AsTcpServerItClosesItsPortWhenStoppedAndListensAgainOnItWhenStarted) {
  Fixture f({Step(Action::kAccept, "c"), Answer("c", 1), Step(Action::kStopPeer),
             Step(Action::kStdin, "1", "probe"), Step(Action::kStartPeer),
             Step(Action::kStdin, "1", "again"), Step(Action::kAccept, "d"), Answer("d", 1)});
  FakeControl control;
  Address bound;
  auto peer = f.Server(&bound, &control);
  TestClient first(f.loop, bound);
  first.Send("one\n");
  std::unique_ptr<TestClient> second;
  int refused = 0;
  control.on_stdin = [&](const std::string& line) {
    if (line == "probe") {  // the peer is stopped: nothing listens on its port
      Fd probe(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
      if (::connect(probe.get(), bound.sa(), bound.length) < 0 && errno == ECONNREFUSED) ++refused;
      return;
    }
    second = std::make_unique<TestClient>(f.loop, bound);
    second->Send("two\n");
  };
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  EXPECT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  EXPECT_EQ(refused, 1) << "a connect to the stopped peer was not refused";
  ASSERT_TRUE(f.loop.RunUntil([&] { return first.ended && second && second->got == "TWO\n"; },
                              Clock::now() + kBound));
  EXPECT_EQ(first.got, "ONE\n");
  EXPECT_EQ(peer->log().size(), 2u);
}

TEST(ScriptPeer, AfterARestartAcceptTakesANewConnectionNotOneTheStopDropped) {
  Fixture f({Step(Action::kAccept, "c1"), Answer("c1", 1), Step(Action::kStopPeer),
             Step(Action::kStartPeer), Step(Action::kStdin, "1", "again"),
             Step(Action::kAccept, "c2"), Answer("c2", 1)});
  FakeControl control;
  Address bound;
  auto peer = f.Server(&bound, &control);
  TestClient first(f.loop, bound);
  first.Send("one\n");
  TestClient early(f.loop, bound);  // accepted, never named, dropped by the stop
  std::unique_ptr<TestClient> late;
  control.on_stdin = [&](const std::string&) {
    late = std::make_unique<TestClient>(f.loop, bound);
    late->Send("two\n");
  };
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  EXPECT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  ASSERT_TRUE(f.loop.RunUntil([&] { return late && late->got == "TWO\n"; }, Clock::now() + kBound));
  ASSERT_TRUE(f.loop.RunUntil([&] { return early.ended; }, Clock::now() + kBound));
}

TEST(ScriptPeer, AClientThatDoesNotConnectAgainAfterTheRestartIsNoReconnect) {
  Fixture f({Step(Action::kAccept, "c"), Answer("c", 1), Step(Action::kStopPeer),
             Step(Action::kStartPeer), Step(Action::kAccept, "d"), Answer("d", 1)});
  Address bound;
  auto peer = f.Server(&bound);
  TestClient client(f.loop, bound);
  client.Send("one\n");
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  ASSERT_NE(peer->script_failure(), nullptr);
  EXPECT_EQ(peer->script_failure()->kind, ScriptFailure::Kind::kNoReconnect);
  EXPECT_EQ(peer->script_failure()->step, 5u);
  EXPECT_TRUE(client.ended);
}

// What a client that reconnects the moment its connection ends finds on the port: the SIGIO
// the kernel raises as the FIN reaches the client's socket is handled when the peer's close()
// returns, before its next line, and the handler connects (0 waiting, 1 refused, 2 accepted).
volatile sig_atomic_t g_reconnect = 0;
int g_client_fd = -1;
sockaddr_storage g_port{};
socklen_t g_port_length = 0;

void ReconnectOnEnd(int) {
  int saved = errno;
  char buf[256];
  ssize_t n;
  while ((n = ::recv(g_client_fd, buf, sizeof buf, MSG_DONTWAIT)) > 0) {
  }
  if (n == 0 && g_reconnect == 0) {              // the end of the connection, not its answer
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);  // blocking: on loopback it is decided at once
    int r = ::connect(fd, reinterpret_cast<sockaddr*>(&g_port), g_port_length);
    g_reconnect = r < 0 && errno == ECONNREFUSED ? 1 : 2;
    ::close(fd);
  }
  errno = saved;
}

// As when a server dies: its port is closed before its connections, so a client that connects
// again at once is refused, not accepted by the kernel and then reset with the backlog (a line
// it sent there would be lost).
TEST(ScriptPeer, StoppedItClosesItsPortBeforeItsConnections) {
  Fixture f({Step(Action::kAccept, "c"), Answer("c", 1), Step(Action::kStopPeer)});
  Address bound;
  auto peer = f.Server(&bound);
  TestClient client(f.loop, bound);
  g_client_fd = client.fd.get();
  std::memcpy(&g_port, bound.sa(), bound.length);
  g_port_length = bound.length;
  g_reconnect = 0;
  struct sigaction on_io{}, before{};
  on_io.sa_handler = ReconnectOnEnd;
  ASSERT_EQ(::sigaction(SIGIO, &on_io, &before), 0);
  f_owner_ex me{F_OWNER_TID, static_cast<pid_t>(::gettid())};
  ASSERT_EQ(::fcntl(client.fd.get(), F_SETOWN_EX, &me), 0);
  ASSERT_EQ(::fcntl(client.fd.get(), F_SETFL, ::fcntl(client.fd.get(), F_GETFL) | O_ASYNC), 0);
  client.Send("one\n");
  bool ran = f.Run(*peer);
  ::fcntl(client.fd.get(), F_SETFL, ::fcntl(client.fd.get(), F_GETFL) & ~O_ASYNC);
  ASSERT_TRUE(f.loop.RunUntil([] { return g_reconnect != 0; }, Clock::now() + kBound));
  ::sigaction(SIGIO, &before, nullptr);
  ASSERT_TRUE(ran) << peer->Describe();
  EXPECT_EQ(g_reconnect, 1)
      << "a client that connected again at once was accepted by the stopping peer";
}

TEST(ScriptPeer, UdpFlowsEachExpectTheAnswerOnTheirOwnSocket) {
  Fixture f({Step(Action::kConnect, "a"), Step(Action::kConnect, "b"), Send("b", "x"), Expect("b"),
             Send("a", "y"), Expect("a")},
            /*udp=*/true);
  UdpUpper server(f.loop);
  auto peer = f.Client(LocalAddress(server.fd.get()));
  peer->Start();
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  EXPECT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  EXPECT_EQ(peer->log()[0].datagrams, std::vector<std::string>{"Y"});
  EXPECT_EQ(peer->log()[1].datagrams, std::vector<std::string>{"X"});
}

TEST(ScriptPeer, AsUdpServerStoppedADatagramIsRefusedAndStartedItAnswersAgain) {
  Fixture f({Answer("1", 1), Step(Action::kStopPeer), Step(Action::kStdin, "1", "probe"),
             Step(Action::kStartPeer), Step(Action::kStdin, "1", "again"), Answer("1", 1)},
            /*udp=*/true);
  FakeControl control;
  Address bound;
  auto peer = f.Server(&bound, &control);
  TestClient client(f.loop, bound, /*tcp=*/false);
  client.Send("one");
  int refused_errno = 0;
  control.on_stdin = [&](const std::string& line) {
    if (line == "again") {
      client.Send("two");
      return;
    }
    client.Send("lost");  // to the stopped port: the kernel answers port unreachable
    pollfd p{client.fd.get(), POLLERR, 0};
    ASSERT_EQ(::poll(&p, 1, 1000), 1) << "no port unreachable came";
    char buf[16];
    if (::recv(client.fd.get(), buf, sizeof buf, MSG_DONTWAIT) < 0) refused_errno = errno;
  };
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  EXPECT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  EXPECT_EQ(refused_errno, ECONNREFUSED);
  ASSERT_TRUE(f.loop.RunUntil([&] { return client.got == "ONETWO"; }, Clock::now() + kBound))
      << client.got;
  EXPECT_EQ(peer->log()[0].datagrams, (std::vector<std::string>{"one", "two"}));
}

}  // namespace
}  // namespace netgrade::peers
