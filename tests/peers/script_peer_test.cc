#include "harness/peers/script_peer.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <cctype>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace netgrade::peers {
namespace {

using Action = spec::Step::Action;
using AnswerKind = spec::Answer::Kind;
const auto kBound = std::chrono::seconds(5);  // bounds a failure only

spec::Step Step(Action a, std::string on = "1", std::string text = "") {
  spec::Step s;
  s.action = a;
  s.on = std::move(on);
  s.text = std::move(text);
  return s;
}
spec::Step Send(std::string on, std::string text, bool newline = true) {
  spec::Step s = Step(Action::kSend, std::move(on), std::move(text));
  s.newline = newline;
  return s;
}
spec::Step Expect(std::string on, AnswerKind kind = AnswerKind::kUpper, std::string text = "") {
  spec::Step s = Step(Action::kExpect, std::move(on));
  s.answer.kind = kind;
  s.answer.text = std::move(text);
  return s;
}
spec::Step Answer(std::string on, int count) {
  spec::Step s = Step(Action::kAnswer, std::move(on));
  s.count = count;
  return s;
}

struct Fixture {
  spec::Spec spec;
  spec::Case test;
  EventLoop loop;
  explicit Fixture(std::vector<spec::Step> script, bool udp = false) {
    spec.protocol = udp ? spec::Protocol::kUdp : spec::Protocol::kTcp;
    test.script = std::move(script);
    for (size_t i = 0; i < test.script.size(); ++i) test.script[i].mark.line = 10 + int(i);
    test.peer.reply = "{upper}";
  }
  // The student's program is on this loop: whenever the peer looks, it is at rest.
  std::unique_ptr<Peer> Client(const Address& target, CaseControl* control = nullptr,
                               Thresholds t = {}) {
    return MakeScriptPeer(loop, spec, test, {true, target, t, control, [] { return true; }});
  }
  std::unique_ptr<Peer> Server(Address* bound, CaseControl* control = nullptr) {
    return MakeScriptPeer(loop, spec, test,
                          {false, Address::Parse("127.0.0.1", 0), {}, control, [] { return true; }},
                          bound);
  }
  bool Run(Peer& peer) {
    return loop.RunUntil([&] { return peer.done(); }, Clock::now() + kBound);
  }
};

// A student's TCP server on the loop answering each line with answer(line). One at a time:
// it reads only from the first connection it accepted until that one closes.
class Server {
 public:
  Server(EventLoop& loop, bool one_at_a_time = false,
         std::function<std::string(const std::string&)> answer = {})
      : loop_(loop),
        listener_(TcpListen(Address::Parse("127.0.0.1", 0))),
        one_at_a_time_(one_at_a_time),
        answer_(std::move(answer)) {
    if (!answer_)
      answer_ = [](const std::string& line) {
        std::string up = line;
        for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return up;
      };
    loop_.Watch(listener_.get(), POLLIN, [this](short) {
      int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      conns_[fd] = std::make_unique<Fd>(fd);
      if (!one_at_a_time_ || conns_.size() == 1)
        loop_.Watch(fd, POLLIN, [this, fd](short) { OnData(fd); });
    });
  }
  ~Server() {
    for (auto& [fd, owned] : conns_) loop_.Unwatch(fd);
    loop_.Unwatch(listener_.get());
  }
  Address address() const { return LocalAddress(listener_.get()); }
  int resets = 0;

 private:
  void OnData(int fd) {
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) pending_[fd].append(buf, n);
    std::string& p = pending_[fd];
    for (size_t nl; (nl = p.find('\n')) != std::string::npos; p.erase(0, nl + 1)) {
      std::string answer = answer_(p.substr(0, nl)) + "\n";
      ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
    }
    if (n == 0 || (n < 0 && errno != EAGAIN)) {
      if (n < 0) ++resets;
      loop_.Unwatch(fd);
      conns_.erase(fd);
    }
  }
  EventLoop& loop_;
  Fd listener_;
  bool one_at_a_time_;
  std::function<std::string(const std::string&)> answer_;
  std::map<int, std::unique_ptr<Fd>> conns_;
  std::map<int, std::string> pending_;
};

// Records the calls of the script's steps on the case, answering each at once; `on_stdin`
// lets a test act at a point of the script (a client of the peer as server).
class FakeControl : public CaseControl {
 public:
  void StopStudent(std::function<void()> done) override {
    calls.push_back("stop");
    done();
  }
  void StartStudent(std::function<void(bool)> done) override {
    calls.push_back("start");
    done(true);
  }
  void AwaitListening(std::chrono::milliseconds within, std::function<void(bool)> done) override {
    calls.push_back("listening " + std::to_string(within.count()));
    done(listening);
  }
  void FeedStdin(const std::string& line) override {
    calls.push_back("stdin " + line);
    if (on_stdin) on_stdin(line);
  }
  void CloseStdin() override { calls.push_back("close stdin"); }
  void AwaitWaiting(std::function<void()> done) override {
    calls.push_back("until waiting");
    done();
  }
  std::vector<std::string> calls;
  bool listening = true;
  std::function<void(const std::string&)> on_stdin;
};

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
  auto peer = f.Client(server.address());
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

TEST(ScriptPeer, HalfALineIsCompletedByTheNextSendAndAnsweredWhole) {
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

TEST(ScriptPeer, AResetClientLeavesTheOthersServed) {
  Fixture f({Step(Action::kConnect, "a"), Step(Action::kConnect, "b"), Send("a", "x"),
             Expect("a"), Step(Action::kReset, "a"), Send("b", "y"), Expect("b")});
  Server server(f.loop);
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  ASSERT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  // The server saw the reset (a later read of it failed), not a close.
  ASSERT_TRUE(f.loop.RunUntil([&] { return server.resets == 1; }, Clock::now() + kBound));
}

TEST(ScriptPeer, ExpectsExactTextPatternsAndTemplates) {
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

TEST(ScriptPeer, AWrongAnswerNamesWhatWasSentExpectedAndReceived) {
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

TEST(ScriptPeer, ExpectNothingPassesInSilenceAndFailsOnAnAnswer) {
  Fixture f({Step(Action::kConnect, "a"), Send("a", "hal", false),
             Expect("a", AnswerKind::kNothing)});
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

TEST(ScriptPeer, AStepStillWaitingWhenTheCaseEndsIsItsFailure) {
  Fixture f({Step(Action::kConnect, "a"), Send("a", "hello"), Expect("a")});
  Server silent(f.loop, true);
  Fd first = TcpConnectStart(silent.address());
  // No way to see the program: the expect waits for the case to end.
  auto peer = MakeScriptPeer(f.loop, f.spec, f.test, {true, silent.address(), {}, nullptr, {}});
  peer->Start();
  f.loop.RunUntil([] { return false; }, Clock::now() + std::chrono::milliseconds(50));
  EXPECT_FALSE(peer->done());
  const ScriptFailure* failure = peer->script_failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->end, ScriptFailure::End::kCaseEnded);
  EXPECT_EQ(failure->step, 3u);
  EXPECT_NE(peer->Describe().find("step 3 (line 12)"), std::string::npos) << peer->Describe();
}

TEST(ScriptPeer, AConnectionRefusedIsTheConnectStepsFailure) {
  Fixture f({Step(Action::kConnect, "a")});
  uint16_t port = PickFreePort();
  auto peer = f.Client(Address::Parse("127.0.0.1", port));
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  ASSERT_NE(peer->script_failure(), nullptr);
  EXPECT_EQ(peer->script_failure()->kind, ScriptFailure::Kind::kRefused);
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
  EXPECT_EQ(control.calls, (std::vector<std::string>{"stop", "start", "listening 2000",
                                                     "stdin a line", "close stdin",
                                                     "until waiting"}));
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

// A student's client: a blocking-free socket the test drives, reading what comes on the loop.
struct TestClient {
  EventLoop& loop;
  Fd fd;
  std::string got;
  bool ended = false;
  TestClient(EventLoop& l, const Address& to, bool tcp = true) : loop(l) {
    if (tcp) {
      fd = TcpConnectStart(to);
    } else {
      fd = UdpBind(Address::Parse("127.0.0.1", 0));
      EXPECT_EQ(::connect(fd.get(), to.sa(), to.length), 0);  // a connected UDP socket
    }
    loop.Watch(fd.get(), POLLIN, [this](short) {
      char buf[4096];
      ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
      if (n > 0) got.append(buf, n);
      if (n == 0 || (n < 0 && errno != EAGAIN)) {
        ended = true;
        loop.Unwatch(fd.get());
      }
    });
  }
  ~TestClient() {
    if (!ended) loop.Unwatch(fd.get());
  }
  void Send(const std::string& text) {
    ASSERT_EQ(::send(fd.get(), text.data(), text.size(), MSG_NOSIGNAL), ssize_t(text.size()));
  }
};

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

// A student's UDP server on the loop answering each datagram in upper case.
struct UdpUpper {
  EventLoop& loop;
  Fd fd = UdpBind(Address::Parse("127.0.0.1", 0));
  explicit UdpUpper(EventLoop& l) : loop(l) {
    loop.Watch(fd.get(), POLLIN, [this](short) {
      char buf[2048];
      Address from;
      from.length = sizeof from.storage;
      ssize_t n = ::recvfrom(fd.get(), buf, sizeof buf, 0, from.sa(), &from.length);
      if (n < 0) return;
      for (ssize_t i = 0; i < n; ++i) buf[i] = static_cast<char>(std::toupper(buf[i]));
      ::sendto(fd.get(), buf, n, 0, from.sa(), from.length);
    });
  }
  ~UdpUpper() { loop.Unwatch(fd.get()); }
};

TEST(ScriptPeer, UdpFlowsEachExpectTheAnswerOnTheirOwnSocket) {
  Fixture f({Step(Action::kConnect, "a"), Step(Action::kConnect, "b"), Send("b", "x"),
             Expect("b"), Send("a", "y"), Expect("a")},
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
